import { AppError, type Invite, UnavailableError, User } from "@relay/domain";
import { INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER } from "@relay/service-kit";
import { z } from "zod";

/** Core's users, asked over its internal API (the gateway's path, with the internal token). */
export interface CoreUsers {
  get(organizationId: string, userId: number): Promise<User>;
  create(organizationId: string, input: Invite): Promise<User>;
}

const Answer = z.object({ data: User });
const Failure = z.object({
  error: z.string(),
  code: z.string().optional(),
  details: z.array(z.any()).optional(),
});

export function coreUsersClient(baseUrl: string, internalToken: string, timeoutMs: number): CoreUsers {
  const call = async (organizationId: string, method: string, path: string, body?: unknown) => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/v1${path}`, {
        method,
        headers: {
          [INTERNAL_TOKEN_HEADER]: internalToken,
          [ORGANIZATION_HEADER]: organizationId,
          "content-type": "application/json",
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new UnavailableError("core is unavailable", error);
    }
    const json = await res.json().catch(() => undefined);
    if (res.ok) return Answer.parse(json).data;
    const failure = Failure.safeParse(json);
    if (res.status < 500 && failure.success) {
      // Core's refusal (422 naming the field, 404) is the caller's, passed on as it is.
      const code = (failure.data.code ?? "validation_failed") as AppError["code"];
      throw new AppError(code, failure.data.error, { details: failure.data.details });
    }
    throw new UnavailableError(`core answered ${res.status}`);
  };
  return {
    get: (organizationId, userId) => call(organizationId, "GET", `/users/${userId}`),
    create: (organizationId, input) => call(organizationId, "POST", "/users", input),
  };
}
