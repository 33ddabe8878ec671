import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../twilio/http-server.js";
import type { FakePhoneNumber, FakeWhatsAppMessage } from "./fake-types.js";
import { type GraphError, graphErrors } from "./graph-errors.js";
import { newWamid } from "./ids.js";
import { WHATSAPP_MAGIC_NUMBERS } from "./magic-numbers.js";
import { sendRequestProblem } from "./send-request.js";

export interface GraphApiState {
  numberOf(phoneNumberId: string): FakePhoneNumber | undefined;
  messages: FakeWhatsAppMessage[];
  /**
   * Failure injection, one per send: 429 or 500 instead of accepting; `accepted-500` accepts the
   * message (it is sent) but answers 500, as when Meta fails after taking it.
   */
  failures: Array<429 | 500 | "accepted-500">;
  log?: (line: string) => void;
}

const MESSAGES_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;

function answerError(res: ServerResponse, error: GraphError): true {
  sendJson(res, error.status, error.body);
  return true;
}

/** Handles `POST /{version}/{phone-number-id}/messages`; false when the request is not one. */
export async function handleGraphRequest(
  state: GraphApiState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = new URL(req.url ?? "/", "http://fake").pathname;
  const match = MESSAGES_PATH.exec(path);
  if (req.method !== "POST" || !match) return false;
  const [, apiVersion = "", phoneNumberId = ""] = match;
  const number = state.numberOf(phoneNumberId);
  const token = req.headers.authorization?.replace(/^Bearer /, "");
  const raw = await readBody(req);
  if (!number) return answerError(res, graphErrors.unknownPhoneNumber(phoneNumberId));
  if (token !== number.accessToken) return answerError(res, graphErrors.badToken());
  const injected = state.failures.shift();
  if (injected && injected !== "accepted-500") {
    return answerError(res, injected === 429 ? graphErrors.rateLimited() : graphErrors.serverError());
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return answerError(res, graphErrors.invalidParameter("the request body is not JSON"));
  }
  const problem = sendRequestProblem(body);
  if (problem) return answerError(res, graphErrors.invalidParameter(problem));
  const message = body as Record<string, unknown> & { to: string };
  const type = typeof message.type === "string" ? message.type : "text";
  if (message.to === WHATSAPP_MAGIC_NUMBERS.outsideWindow && type !== "template") {
    return answerError(res, graphErrors.reEngagement());
  }
  const wamid = newWamid();
  state.messages.push({
    wamid,
    phoneNumberId,
    apiVersion,
    to: message.to,
    type,
    body: message,
    receivedAt: new Date(),
  });
  state.log?.(`whatsapp ${type} to ${message.to} from ${phoneNumberId}: ${wamid}`);
  if (injected === "accepted-500") return answerError(res, graphErrors.serverError());
  sendJson(res, 200, {
    messaging_product: "whatsapp",
    contacts: [{ input: message.to, wa_id: message.to }],
    messages: [{ id: wamid, ...(type === "template" ? { message_status: "accepted" } : {}) }],
  });
  return true;
}
