import { type User, UserRole } from "@relay/domain";
import type { UserRow } from "../db/schema.js";

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: UserRole.parse(row.role),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
