import { type SequenceSettings, ValidationError } from "@relay/domain";
import type { SequencesDeps } from "../deps.js";

/**
 * Every `tag_added` trigger names one of the organization's tags (core's catalogue, asked once
 * for all of them): an id of no tag would never fire, so it is refused on save.
 */
export async function assertTriggerTags(
  deps: Pick<SequencesDeps, "tags">,
  organizationId: string,
  settings: SequenceSettings,
): Promise<void> {
  const named = (settings.triggers ?? []).flatMap((trigger, index) =>
    trigger.type === "tag_added" ? [{ index, id: trigger.tag_id }] : [],
  );
  if (named.length === 0) return;
  const found = new Set(
    (await deps.tags.find(organizationId, [...new Set(named.map((t) => t.id))])).map((tag) => tag.id),
  );
  const missing = named.find((t) => !found.has(t.id));
  if (missing)
    throw ValidationError.field(`settings.triggers.${missing.index}.tag_id`, "is not one of your tags");
}
