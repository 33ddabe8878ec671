import { z } from "zod";
import { Channel } from "../core/channel.js";
import { ChannelType } from "../core/channel-provider.js";
import { Contact } from "../core/contact.js";
import { UserId } from "../core/user.js";
import { defineRequest } from "../requests.js";

/*
 * Questions the conversations service asks core. Core answers them; they are declared here
 * because the messaging flows are what need them.
 */

/**
 * Are these a user and a team of the organization? Each given id is answered with whether it
 * was found; the caller names its own field in the error.
 */
export const CheckAssignee = defineRequest(
  "rpc.core.assignee.check",
  z.object({
    organization_id: z.uuid(),
    user_id: UserId.optional(),
    team_id: z.uuid().optional(),
  }),
  z.object({ user_found: z.boolean().optional(), team_found: z.boolean().optional() }),
);
export type CheckAssigneeRequest = z.output<typeof CheckAssignee.request>;
export type CheckAssigneeResult = z.output<typeof CheckAssignee.response>;

/** Every channel of the organization (of one type, if given), oldest first: `opt_in_to_all_channels`. */
export const ListChannels = defineRequest(
  "rpc.core.channel.list",
  z.object({ organization_id: z.uuid(), type: ChannelType.optional() }),
  z.object({ data: z.array(Channel) }),
);
export type ListChannelsRequest = z.output<typeof ListChannels.request>;

/** One contact by id; another organization's or a deleted one is `not_found`. */
export const GetContact = defineRequest(
  "rpc.core.contact.get",
  z.object({ organization_id: z.uuid(), id: z.uuid() }),
  Contact,
);
export type GetContactRequest = z.output<typeof GetContact.request>;
