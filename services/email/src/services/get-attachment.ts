import { NotFoundError } from "@relay/domain";
import { findAttachment } from "../db/inbound.js";
import type { EmailDeps } from "../deps.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getAttachment(deps: Pick<EmailDeps, "db">, id: string) {
  const attachment = UUID.test(id) ? await findAttachment(deps.db, id) : undefined;
  if (!attachment) throw new NotFoundError("attachment");
  return attachment;
}
