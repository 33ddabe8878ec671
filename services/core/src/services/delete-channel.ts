import { ChannelDeleted, NotFoundError } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteChannel as deleteChannelRow } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";

/** Removes the channel with its opening hours and user access (by cascade). */
export function deleteChannel(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  return deps.transact(async (trx) => {
    const row = await deleteChannelRow(trx, organizationId, id);
    if (!row) throw new NotFoundError("channel");
    await enqueue(trx, newEvent(ChannelDeleted, organizationId, { id, type: row.type }));
    return { id, deleted: true as const };
  });
}
