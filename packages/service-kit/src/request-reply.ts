import type { Subscription } from "@nats-io/transport-node";
import {
  AppError,
  ErrorCode as Codes,
  type ErrorCode,
  ReplyError,
  type RequestDef,
  UnavailableError,
  validationErrorFrom,
} from "@relay/domain";
import { ZodError, type z } from "zod";
import type { Logger } from "./logger.js";
import type { Bus } from "./nats.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Asks another service and waits for its answer; its errors come back as the same AppError. */
export async function request<D extends RequestDef>(
  bus: Bus,
  def: D,
  payload: z.input<D["request"]>,
  timeoutMs = 5_000,
): Promise<z.output<D["response"]>> {
  const body = def.request.parse(payload);
  let reply: unknown;
  try {
    const msg = await bus.nc.request(bus.subject(def.subject), encoder.encode(JSON.stringify(body)), {
      timeout: timeoutMs,
    });
    reply = JSON.parse(decoder.decode(msg.data));
  } catch (error) {
    throw new UnavailableError(`no answer on ${def.subject}`, error);
  }
  const failure = ReplyError.safeParse(reply);
  if (failure.success) {
    const code = (failure.data.error.code in Codes ? failure.data.error.code : "internal") as ErrorCode;
    throw new AppError(code, failure.data.error.message, { details: failure.data.error.details });
  }
  return def.response.parse((reply as { data: unknown }).data) as z.output<D["response"]>;
}

/** Answers requests on a subject; instances share the work through a queue group. */
export function reply<D extends RequestDef>(
  bus: Bus,
  logger: Logger,
  def: D,
  handler: (payload: z.output<D["request"]>) => Promise<z.input<D["response"]>>,
): Subscription {
  return bus.nc.subscribe(bus.subject(def.subject), {
    queue: def.subject,
    callback: (error, msg) => {
      if (error) {
        logger.error({ err: error, subject: def.subject }, "request subscription failed");
        return;
      }
      void (async () => {
        try {
          const payload = def.request.parse(JSON.parse(decoder.decode(msg.data))) as z.output<D["request"]>;
          const data = def.response.parse(await handler(payload));
          msg.respond(encoder.encode(JSON.stringify({ ok: true, data })));
        } catch (caught) {
          const appError =
            caught instanceof AppError
              ? caught
              : caught instanceof ZodError
                ? validationErrorFrom(caught)
                : undefined;
          if (!appError) logger.error({ err: caught, subject: def.subject }, "request handler failed");
          const body = {
            ok: false,
            error: {
              code: appError?.code ?? "internal",
              message: appError?.message ?? "internal error",
              details: appError?.details,
            },
          };
          msg.respond(encoder.encode(JSON.stringify(body)));
        }
      })();
    },
  });
}
