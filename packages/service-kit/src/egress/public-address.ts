import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress, literalHostProblem, ValidationError } from "@relay/domain";

export interface PublicUrlOptions {
  /** Local development and tests may allow private addresses. */
  allowPrivate?: boolean;
  /** Resolves a host name to its addresses (injected in tests). */
  resolve?: (hostname: string) => Promise<string[]>;
}

const resolveAll = async (hostname: string) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Why `raw` must not be fetched (not http(s), a private address, or a name resolving to one), or
 * undefined when it may. A name that does not resolve is let through: whoever fetches it fails.
 */
export async function publicUrlProblem(
  raw: string,
  options: PublicUrlOptions = {},
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http or https URL";
  if (options.allowPrivate) return undefined;
  const literal = literalHostProblem(url);
  if (literal) return literal;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return undefined;
  const addresses = await (options.resolve ?? resolveAll)(host).catch(() => []);
  const refused = addresses.find((address) => !isPublicAddress(address));
  return refused ? `resolves to a private address (${refused})` : undefined;
}

/** Throws a 422 naming `field` when a URL must not be fetched (see `publicUrlProblem`). */
export async function assertPublicUrl(
  field: string,
  raw: string,
  options: PublicUrlOptions = {},
): Promise<void> {
  const problem = await publicUrlProblem(raw, options);
  if (problem) throw ValidationError.field(field, problem);
}
