import { headers, type Subscription } from "@nats-io/transport-node";
import { SpanKind } from "@opentelemetry/api";
import {
  AppError,
  ErrorCode as Codes,
  type ErrorCode,
  ReplyError,
  type RequestDef,
  UnavailableError,
  ValidationError,
  validationErrorFrom,
} from "@relay/domain";
import { ZodError, type z } from "zod";
import { clientDataError } from "./database-errors.js";
import type { Logger } from "./logger.js";
import { type Bus, REQUEST_ID_NATS_HEADER } from "./nats.js";
import { currentContext, runWithContext, TRACEPARENT_HEADER } from "./observability/request-context.js";
import { openUnit } from "./observability/tracing.js";
import { refuseUnstorable } from "./read-input.js";

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
  // The asker's request id and trace travel with the question, as they do with events.
  const context = currentContext();
  const hdrs = context ? headers() : undefined;
  if (context && hdrs) {
    hdrs.set(REQUEST_ID_NATS_HEADER, context.requestId);
    hdrs.set(TRACEPARENT_HEADER, context.traceparent);
  }
  let reply: unknown;
  try {
    const msg = await bus.nc.request(bus.subject(def.subject), encoder.encode(JSON.stringify(body)), {
      timeout: timeoutMs,
      ...(hdrs && { headers: hdrs }),
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

/** The AppError a failed handler answers with; anything else is logged and answered as internal. */
function asAppError(caught: unknown, logger: Logger, subject: string): AppError | undefined {
  if (caught instanceof AppError) return caught;
  if (caught instanceof ZodError) return validationErrorFrom(caught);
  if (clientDataError(caught)) {
    // The same net as the HTTP error handler: data PostgreSQL refused is the caller's mistake.
    logger.warn({ err: caught, subject }, "database refused client data");
    return new ValidationError("invalid input: a value could not be stored");
  }
  logger.error({ err: caught, subject }, "request handler failed");
  return undefined;
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
      const requestId = msg.headers?.get(REQUEST_ID_NATS_HEADER) || crypto.randomUUID();
      const unit = openUnit(
        bus.metrics.tracer,
        requestId,
        msg.headers?.get(TRACEPARENT_HEADER),
        def.subject,
        SpanKind.SERVER,
        { "rpc.system": "nats", "rpc.method": def.subject },
      );
      void runWithContext(unit.context, async () => {
        try {
          const raw: unknown = JSON.parse(decoder.decode(msg.data));
          // The same edge as HTTP input: what arrives here often came from a provider's webhook.
          refuseUnstorable(raw);
          const payload = def.request.parse(raw) as z.output<D["request"]>;
          const data = def.response.parse(await handler(payload));
          msg.respond(encoder.encode(JSON.stringify({ ok: true, data })));
          unit.end();
        } catch (caught) {
          const appError = asAppError(caught, logger, def.subject);
          const body = {
            ok: false,
            error: {
              code: appError?.code ?? "internal",
              message: appError?.message ?? "internal error",
              details: appError?.details,
            },
          };
          msg.respond(encoder.encode(JSON.stringify(body)));
          unit.end(appError && appError.status < 500 ? undefined : caught);
        }
      });
    },
  });
}
