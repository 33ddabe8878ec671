import { z } from "zod";
import { defineEvent } from "../events.js";
import { UserId, UserIds } from "./user.js";

export const Team = z.object({
  id: z.uuid(),
  name: z.string(),
  user_ids: z.array(UserId),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Team = z.infer<typeof Team>;

export const CreateTeam = z.strictObject({
  name: z.string().trim().min(1).max(200),
  user_ids: UserIds.optional(),
});
export type CreateTeam = z.infer<typeof CreateTeam>;

/** `user_ids`, when given, replaces the team's members. */
export const UpdateTeam = z.strictObject({
  name: CreateTeam.shape.name.optional(),
  user_ids: UserIds.optional(),
});
export type UpdateTeam = z.infer<typeof UpdateTeam>;

export const TeamCreated = defineEvent("core.team.created", Team);
export const TeamUpdated = defineEvent("core.team.updated", Team);
export const TeamDeleted = defineEvent("core.team.deleted", z.object({ id: z.uuid() }));
