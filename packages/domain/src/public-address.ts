import ipaddr from "ipaddr.js";

/**
 * Is this IP address one anybody on the internet could reach? Loopback, private, link-local,
 * carrier-grade NAT, multicast, reserved and unspecified ranges (IPv4-mapped IPv6 included) are
 * not: URLs pointing at them are never fetched, nor handed to a provider to fetch.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/**
 * Why a URL's host, as written, is not a public one: an IP literal in a non-public range, or a
 * name that means this machine (`localhost`, RFC 6761). Names are only resolved where the URL
 * is used (see the service kit's `publicUrlProblem`); undefined when nothing is wrong yet.
 */
export function literalHostProblem(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return `points at this machine (${host})`;
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return `points at a private address (${host})`;
  return undefined;
}

/** Is this IP address this machine (127.0.0.0/8, ::1, IPv4-mapped included)? */
export function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "loopback";
}
