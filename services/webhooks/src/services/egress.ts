import type { LookupFunction } from "node:net";
import { isLoopbackAddress, isPublicAddress, ValidationError } from "@relay/domain";
import { guardedLookup } from "@relay/service-kit";
import { Agent, request } from "undici";

/** Where deliveries may go: public addresses, and this machine when the operator allows it. */
export interface EgressPolicy {
  allowLocalhost: boolean;
  /** Resolves names like `dns.lookup` (injected in tests). */
  lookup?: LookupFunction;
}

/** An attempt refused before any byte left: the target is not a public address. */
export class EgressRefused extends Error {
  override name = "EgressRefused";
}

export function addressAllowed(address: string, policy: EgressPolicy): boolean {
  return isPublicAddress(address) || (policy.allowLocalhost && isLoopbackAddress(address));
}

const bare = (url: URL) => url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
const namesThisMachine = (host: string) => host === "localhost" || host.endsWith(".localhost");
const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/** Why a delivery may not go to this URL as written (before any name is resolved), or undefined. */
export function literalTargetProblem(url: URL, policy: EgressPolicy): string | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  const host = bare(url);
  const local = namesThisMachine(host) || (isIpLiteral(host) && isLoopbackAddress(host));
  if (url.protocol === "http:" && !(policy.allowLocalhost && local)) return "must be an https URL";
  if (namesThisMachine(host) && !policy.allowLocalhost) return `points at this machine (${host})`;
  if (isIpLiteral(host) && !addressAllowed(host, policy)) return `points at a private address (${host})`;
  return undefined;
}

/** The 422 an endpoint URL gets at registration: as written, then every address its name resolves to. */
export async function assertEndpointUrl(raw: string, policy: EgressPolicy): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ValidationError.field("url", "is not a URL");
  }
  const literal = literalTargetProblem(url, policy);
  if (literal) throw ValidationError.field("url", literal);
  const host = bare(url);
  if (isIpLiteral(host) || namesThisMachine(host)) return;
  const addresses = await resolveAll(host, policy).catch(() => []);
  const refused = addresses.find((address) => !addressAllowed(address, policy));
  if (refused) throw ValidationError.field("url", `resolves to a private address (${refused})`);
}

function resolveAll(host: string, policy: EgressPolicy): Promise<string[]> {
  const guard = guardedLookup({ allows: () => true, refusal: () => new Error(), lookup: policy.lookup });
  return new Promise((resolve, reject) =>
    guard(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve((addresses as unknown as { address: string }[]).map((a) => a.address)),
    ),
  );
}

export interface AttemptOutcome {
  status: number | null;
  latencyMs: number;
  /** The first 1 KiB of the answer. */
  responseBody: string | null;
  /** Why there is no answer: refused target, timeout, connection error. */
  error: string | null;
}

const MAX_RESPONSE_BYTES = 1024;

class AttemptTimeout extends Error {
  override name = "TimeoutError";
}

/**
 * Posts deliveries: connections resolve names through the egress guard (the socket connects to
 * the address checked), redirects are never followed (a 3xx is a failed attempt), and an
 * attempt has `timeoutMs` for its whole answer.
 */
export class DeliveryClient {
  private readonly agent: Agent;
  /** Each endpoint URL's literal check, made once (URLs are few; the check parses addresses). */
  private readonly literalProblems = new Map<string, string | undefined>();

  constructor(
    private readonly policy: EgressPolicy,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      connect: {
        timeout: timeoutMs,
        lookup: guardedLookup({
          allows: (address) => addressAllowed(address, policy),
          refusal: (address) => new EgressRefused(`refused: resolves to a private address (${address})`),
          lookup: policy.lookup,
        }),
      },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const literal = this.literalProblem(rawUrl);
    if (literal) return { status: null, latencyMs: 0, responseBody: null, error: `refused: ${literal}` };
    // A timer cleared when the answer is in (AbortSignal.timeout's would fire later for every attempt).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new AttemptTimeout()), this.timeoutMs);
    try {
      const response = await request(rawUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Relay-Webhooks/1.0", ...headers },
        body,
        dispatcher: this.agent,
        signal: abort.signal,
      });
      const responseBody = await readPrefix(response.body);
      return { status: response.statusCode, latencyMs: elapsed(), responseBody, error: null };
    } catch (error) {
      return {
        status: null,
        latencyMs: elapsed(),
        responseBody: null,
        error: describe(error, this.timeoutMs),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private literalProblem(rawUrl: string): string | undefined {
    if (this.literalProblems.has(rawUrl)) return this.literalProblems.get(rawUrl);
    if (this.literalProblems.size >= 10_000) this.literalProblems.clear();
    const problem = literalTargetProblem(new URL(rawUrl), this.policy);
    this.literalProblems.set(rawUrl, problem);
    return problem;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readPrefix(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString("utf8");
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
