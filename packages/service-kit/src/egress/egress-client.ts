import { Agent, request } from "undici";
import { addressAllowed, type EgressPolicy, EgressRefused, literalTargetProblem } from "./egress-policy.js";
import { guardedLookup } from "./guarded-lookup.js";

/** One call out: JSON or nothing as its body, within its own time and answer size. */
export interface EgressRequest {
  method: "GET" | "POST" | "PUT" | "PATCH";
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** The whole answer must come within it (default: the client's `timeoutMs`, its most). */
  timeoutMs?: number | undefined;
  /** Most bytes of the answer read; the rest is never read (default 1 KiB). */
  maxResponseBytes?: number | undefined;
}

export interface EgressOutcome {
  status: number | null;
  latencyMs: number;
  /** The answer's first `maxResponseBytes`, as UTF-8. */
  responseBody: string | null;
  /** The answer was longer than what was read. */
  truncated: boolean;
  /** Why there is no answer: refused target, timeout, connection error. */
  error: string | null;
}

const DEFAULT_RESPONSE_BYTES = 1024;

class CallTimeout extends Error {
  override name = "TimeoutError";
}

/**
 * Calls URLs others gave us (webhook endpoints, sequence webhook steps) under one egress policy:
 * connections resolve names through the guard (the socket connects to the very address
 * checked, so a name that rebinds to a private address is refused when used), IP literals are
 * checked before connecting, redirects are never followed (a 3xx is an answer like any other:
 * undici's `request` does not follow them), and each call has its time for its whole answer.
 */
export class EgressClient {
  private readonly agent: Agent;
  /** Each URL's literal check, made once (URLs are few; the check parses addresses). */
  private readonly literalProblems = new Map<string, string | undefined>();

  constructor(
    private readonly policy: EgressPolicy,
    private readonly options: { timeoutMs: number; userAgent: string },
  ) {
    this.agent = new Agent({
      connect: {
        timeout: options.timeoutMs,
        lookup: guardedLookup({
          allows: (address) => addressAllowed(address, policy),
          refusal: (address) => new EgressRefused(`refused: resolves to a private address (${address})`),
          lookup: policy.lookup,
        }),
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  async send(call: EgressRequest): Promise<EgressOutcome> {
    const timeoutMs = Math.min(call.timeoutMs ?? this.options.timeoutMs, this.options.timeoutMs);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const literal = this.literalProblem(call.url);
    if (literal)
      return {
        status: null,
        latencyMs: 0,
        responseBody: null,
        truncated: false,
        error: `refused: ${literal}`,
      };
    // A timer cleared when the answer is in (AbortSignal.timeout's would fire later for every call).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new CallTimeout()), timeoutMs);
    try {
      const response = await request(call.url, {
        method: call.method,
        headers: {
          ...(call.body !== undefined && { "content-type": "application/json" }),
          "user-agent": this.options.userAgent,
          ...call.headers,
        },
        body: call.body,
        dispatcher: this.agent,
        signal: abort.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const read = await readPrefix(response.body, call.maxResponseBytes ?? DEFAULT_RESPONSE_BYTES);
      return { status: response.statusCode, latencyMs: elapsed(), ...read, error: null };
    } catch (error) {
      return {
        status: null,
        latencyMs: elapsed(),
        responseBody: null,
        truncated: false,
        error: describe(error, timeoutMs),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private literalProblem(rawUrl: string): string | undefined {
    if (this.literalProblems.has(rawUrl)) return this.literalProblems.get(rawUrl);
    if (this.literalProblems.size >= 10_000) this.literalProblems.clear();
    let problem: string | undefined;
    try {
      problem = literalTargetProblem(new URL(rawUrl), this.policy);
    } catch {
      problem = "is not a URL";
    }
    this.literalProblems.set(rawUrl, problem);
    return problem;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Up to `max` bytes of the answer; the connection is cut rather than read further. */
async function readPrefix(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  max: number,
): Promise<{ responseBody: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > max) {
      truncated = true;
      body.destroy();
      break;
    }
  }
  return { responseBody: Buffer.concat(chunks).subarray(0, max).toString("utf8"), truncated };
}

function describe(error: unknown, timeoutMs: number): string {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof EgressRefused) return cause.message;
    if (
      cause.name === "TimeoutError" ||
      cause.name === "HeadersTimeoutError" ||
      cause.name === "BodyTimeoutError"
    ) {
      return `timed out after ${timeoutMs} ms`;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  return code ? `${code}: ${message}` : message;
}
