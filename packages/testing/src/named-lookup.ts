import { lookup as dnsLookup } from "node:dns";
import type { LookupFunction } from "node:net";

/**
 * A `dns.lookup` for egress tests: the names in `names` resolve to the address the test sets
 * (and may change, a DNS rebinding); any other name resolves as usual.
 */
export function namedLookup(names: Map<string, string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = names.get(hostname);
    if (!address) return dnsLookup(hostname, options, callback as never);
    if (options.all) return callback(null, [{ address, family: 4 }] as never);
    callback(null, address, 4);
  };
}
