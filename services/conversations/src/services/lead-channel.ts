import { AppError, type Channel, type CreateLead, ValidationError } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";

/** A lookup's channel, undefined when core knows none or it is outside the caller's channels. */
async function within(
  lookup: Promise<Channel>,
  scope: ChannelScope | undefined,
): Promise<Channel | undefined> {
  const channel = await lookup.catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return undefined;
    throw error;
  });
  return channel && inChannelScope(scope, channel.id) ? channel : undefined;
}

/**
 * The channel a lead lives on: the one `channel_id` names, the one whose phone number or email
 * address is `from`, else the organization's oldest phone channel (oldest email channel when the
 * lead has only an email). Anything else is a 422 naming the field.
 */
export async function leadChannel(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  lead: CreateLead,
  scope: ChannelScope | undefined,
): Promise<Channel> {
  if (lead.channel_id !== undefined) {
    const found = await within(
      deps.core.resolveChannel({ organization_id: organizationId, id: lead.channel_id }),
      scope,
    );
    if (!found) throw ValidationError.field("channel_id", "is not a channel of this organization");
    return found;
  }
  if (lead.from !== undefined) {
    const found = await within(
      deps.core.resolveChannel({ organization_id: organizationId, address: lead.from }),
      scope,
    );
    if (!found)
      throw ValidationError.field(
        "from",
        "is not the phone number or email address of a channel of this organization",
      );
    return found;
  }
  const type = lead.phone !== undefined ? "phone" : "email";
  const found = await within(deps.core.firstChannel(organizationId, type), scope);
  if (!found)
    throw ValidationError.field(
      "channel_id",
      `is required: the organization has no ${type} channel to put the lead on`,
    );
  return found;
}
