import { AppError, type Channel, type CreateLead, ValidationError } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";

const notFound = (error: unknown) => error instanceof AppError && error.code === "not_found";

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
  const inScope = (channel: Channel) => (inChannelScope(scope, channel.id) ? channel : undefined);
  if (lead.channel_id !== undefined) {
    const channel = await deps.core
      .resolveChannel({ organization_id: organizationId, id: lead.channel_id })
      .catch((error) => (notFound(error) ? undefined : Promise.reject(error)));
    const found = channel && inScope(channel);
    if (!found) throw ValidationError.field("channel_id", "is not a channel of this organization");
    return found;
  }
  if (lead.from !== undefined) {
    const channel = await deps.core
      .resolveChannel({ organization_id: organizationId, address: lead.from })
      .catch((error) => (notFound(error) ? undefined : Promise.reject(error)));
    const found = channel && inScope(channel);
    if (!found)
      throw ValidationError.field(
        "from",
        "is not the phone number or email address of a channel of this organization",
      );
    return found;
  }
  const type = lead.phone !== undefined ? "phone" : "email";
  const channel = await deps.core
    .firstChannel(organizationId, type)
    .catch((error) => (notFound(error) ? undefined : Promise.reject(error)));
  const found = channel && inScope(channel);
  if (!found)
    throw ValidationError.field(
      "channel_id",
      `is required: the organization has no ${type} channel to put the lead on`,
    );
  return found;
}
