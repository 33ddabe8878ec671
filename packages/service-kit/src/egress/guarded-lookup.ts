import { lookup as dnsLookup } from "node:dns";
import type { LookupFunction } from "node:net";

export interface GuardedLookupOptions {
  /** May a socket connect to this resolved address? */
  allows(address: string): boolean;
  /** The error a refused address fails the connection with. */
  refusal(address: string): Error;
  /** Resolves like `dns.lookup` (injected in tests: a name that resolves to a private address). */
  lookup?: LookupFunction;
}

type Resolved = { address: string; family: number };

/**
 * A `lookup` for sockets (node's http/https, undici's connector) that resolves a name, then
 * refuses the connection when any address is not allowed: the socket connects to the very
 * address checked, so a name cannot resolve to a public address when checked and a private
 * one when used. IP literals never reach a lookup: check those before connecting.
 */
export function guardedLookup(options: GuardedLookupOptions): LookupFunction {
  const resolve = options.lookup ?? (dnsLookup as unknown as LookupFunction);
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = (Array.isArray(addresses) ? addresses : [{ address: addresses, family: 4 }]) as Resolved[];
      const refused = list.find((entry) => !options.allows(entry.address));
      if (refused) return callback(options.refusal(refused.address) as NodeJS.ErrnoException, "", 4);
      if (lookupOptions.all) return callback(null, list as never);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
      callback(null, first.address, first.family);
    });
  };
}
