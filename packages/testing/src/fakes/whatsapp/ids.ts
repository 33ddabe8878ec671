import { randomBytes } from "node:crypto";

/** A `wamid.…` id, shaped like Meta's (base64 of an opaque id). */
export function newWamid(): string {
  return `wamid.${randomBytes(30).toString("base64").replace(/=+$/, "")}`;
}

/** A media id, digits like Meta's. */
export function newMediaId(): string {
  return String(10 ** 15 + Math.floor(Math.random() * 9 * 10 ** 15));
}
