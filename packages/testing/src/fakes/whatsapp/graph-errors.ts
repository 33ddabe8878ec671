import { randomBytes } from "node:crypto";

/** The Graph API's error answer: `{ error: { message, type, code, error_subcode?, fbtrace_id } }`. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: "whatsapp"; details: string };
    fbtrace_id: string;
  };
}

export interface GraphError {
  status: number;
  body: GraphErrorBody;
}

const trace = () => randomBytes(9).toString("base64url");

function graphError(
  status: number,
  code: number,
  message: string,
  type = "OAuthException",
  details?: string,
): GraphError {
  return {
    status,
    body: {
      error: {
        message,
        type,
        code,
        ...(details ? { error_data: { messaging_product: "whatsapp" as const, details } } : {}),
        fbtrace_id: trace(),
      },
    },
  };
}

/** The answers the fake gives, shaped as Meta's. */
export const graphErrors = {
  badToken: () => graphError(401, 190, "Invalid OAuth access token - Cannot parse access token"),
  unknownPhoneNumber: (id: string) => {
    const error = graphError(
      400,
      100,
      `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      "GraphMethodException",
    );
    error.body.error.error_subcode = 33;
    return error;
  },
  invalidParameter: (details: string) =>
    graphError(400, 100, "(#100) Invalid parameter", "OAuthException", details),
  reEngagement: () =>
    graphError(
      400,
      131047,
      "(#131047) Re-engagement message",
      "OAuthException",
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    ),
  rateLimited: () => graphError(429, 130429, "(#130429) Rate limit hit"),
  serverError: () => graphError(500, 131000, "(#131000) Something went wrong"),
};
