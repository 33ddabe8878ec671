import { z } from "zod";
import type { ErrorCode, ErrorDetail } from "./errors.js";

/** A synchronous request-reply between services: subject + request + response schemas. */
export interface RequestDef<
  S extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  subject: S;
  request: Req;
  response: Res;
}

export function defineRequest<const S extends string, Req extends z.ZodType, Res extends z.ZodType>(
  subject: S,
  request: Req,
  response: Res,
): RequestDef<S, Req, Res> {
  return { subject, request, response };
}

/** What travels back on a reply: the data, or an error that the requester rethrows as the same class. */
export type ReplyEnvelope<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; details?: ErrorDetail[] } };

export const ReplyError = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
