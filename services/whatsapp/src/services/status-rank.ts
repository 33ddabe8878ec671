import { z } from "zod";

export const OutboundStatus = z.enum(["sent", "delivered", "read", "failed"]);
export type OutboundStatus = z.infer<typeof OutboundStatus>;

/** Forward only: sending → sent → delivered → read; failed is final too. */
const RANK: Record<string, number> = { sending: 0, sent: 1, delivered: 2, read: 3, failed: 3 };

export function canAdvanceTo(current: string, next: OutboundStatus): boolean {
  return (RANK[next] ?? 0) > (RANK[current] ?? 0);
}
