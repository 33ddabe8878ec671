import type { LookupFunction } from "node:net";
import { isLoopbackAddress, isPublicAddress, ValidationError } from "@relay/domain";
import { guardedLookup } from "./guarded-lookup.js";

/**
 * Where calls out to a URL someone gave us (webhook endpoints, sequence webhook steps) may go:
 * public addresses, and this machine when the operator allows it (`<SERVICE>_ALLOW_LOCALHOST`).
 */
export interface EgressPolicy {
  allowLocalhost: boolean;
  /** Resolves names like `dns.lookup` (injected in tests). */
  lookup?: LookupFunction | undefined;
}

/** A call refused before any byte left: the target is not a public address. */
export class EgressRefused extends Error {
  override name = "EgressRefused";
}

export function addressAllowed(address: string, policy: EgressPolicy): boolean {
  return isPublicAddress(address) || (policy.allowLocalhost && isLoopbackAddress(address));
}

const bare = (url: URL) => url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
const namesThisMachine = (host: string) => host === "localhost" || host.endsWith(".localhost");
const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/** Why a call may not go to this URL as written (before any name is resolved), or undefined. */
export function literalTargetProblem(url: URL, policy: EgressPolicy): string | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  const host = bare(url);
  const local = namesThisMachine(host) || (isIpLiteral(host) && isLoopbackAddress(host));
  if (url.protocol === "http:" && !(policy.allowLocalhost && local)) return "must be an https URL";
  if (namesThisMachine(host) && !policy.allowLocalhost) return `points at this machine (${host})`;
  if (isIpLiteral(host) && !addressAllowed(host, policy)) return `points at a private address (${host})`;
  return undefined;
}

/**
 * The 422 (naming `field`) a URL gets when it is saved: as written, then every address its name
 * resolves to now. The addresses are checked again when the call is made (names can rebind).
 */
export async function assertEgressUrl(field: string, raw: string, policy: EgressPolicy): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ValidationError.field(field, "is not a URL");
  }
  const literal = literalTargetProblem(url, policy);
  if (literal) throw ValidationError.field(field, literal);
  const host = bare(url);
  if (isIpLiteral(host) || namesThisMachine(host)) return;
  const addresses = await resolveAll(host, policy).catch(() => []);
  const refused = addresses.find((address) => !addressAllowed(address, policy));
  if (refused) throw ValidationError.field(field, `resolves to a private address (${refused})`);
}

function resolveAll(host: string, policy: EgressPolicy): Promise<string[]> {
  const guard = guardedLookup({ allows: () => true, refusal: () => new Error(), lookup: policy.lookup });
  return new Promise((resolve, reject) =>
    guard(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve((addresses as unknown as { address: string }[]).map((a) => a.address)),
    ),
  );
}
