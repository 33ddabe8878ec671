import { z } from "zod";
import { defineEvent } from "../events.js";
import { MAX_INT4 } from "../pagination.js";

export const UserRole = z.enum(["admin", "agent"]);
export type UserRole = z.infer<typeof UserRole>;

/** User ids are integers, as in the public contract (PostgreSQL `serial`). */
export const UserId = z.int().min(1).max(MAX_INT4);
export type UserId = z.infer<typeof UserId>;

/** A user id in a path: digits only; anything else is simply not found. */
export const UserIdParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(UserId);

/** A list of user ids in a body: de-duplicated, bounded. */
export const UserIds = z
  .array(UserId)
  .max(1000)
  .transform((ids) => [...new Set(ids)]);

export const User = z.object({
  id: UserId,
  name: z.string(),
  email: z.string(),
  role: UserRole,
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type User = z.infer<typeof User>;

export const CreateUser = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().max(320).pipe(z.email()),
  role: UserRole.default("agent"),
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z.strictObject({
  name: CreateUser.shape.name.optional(),
  email: CreateUser.shape.email.optional(),
  role: UserRole.optional(),
});
export type UpdateUser = z.infer<typeof UpdateUser>;

/** Deleting a user also removes them from every team and channel (no separate team/channel events). */
export const UserCreated = defineEvent("core.user.created", User);
export const UserUpdated = defineEvent("core.user.updated", User);
export const UserDeleted = defineEvent("core.user.deleted", z.object({ id: UserId }));
