import {
  type ErrorDetail,
  NotFoundError,
  type OptInTarget,
  toE164,
  type UpdateContact,
  ValidationError,
} from "@relay/domain";
import type { ContactFields } from "../db/contacts.js";
import { findChannelsFor, findOrganizationCountry } from "../db/contacts-lookups.js";
import type { CoreDeps } from "../deps.js";

/** Every write's input: CreateContact and UpsertContactRow are subsets of UpdateContact. */
export type ContactInput = UpdateContact;

/** What an input asks to change. `null` clears; `properties` is merged key by key. */
export type ContactPatch = Partial<Omit<ContactFields, "properties">> & {
  properties?: Record<string, unknown> | null;
};

/** The opt-ins a client asked for, resolved to channels, passed on in the contact's event. */
export interface OptIn {
  opt_in_to?: OptInTarget[];
  opt_in_to_all_channels?: boolean;
}

export interface PreparedInput {
  patch: ContactPatch;
  optIn: OptIn;
}

/** What inputs are checked against: the organization's phone region and the channels they name. */
export interface InputContext {
  country: string;
  channels: Array<{ id: string; phone: string | null }>;
}

type Deps = Pick<CoreDeps, "db" | "defaultCountry">;

/** The region national phone numbers are read in: the organization's, else the service default. */
export async function organizationCountry(deps: Deps, organizationId: string): Promise<string> {
  const organization = await findOrganizationCountry(deps.db, organizationId);
  if (!organization) throw new NotFoundError("organization");
  return organization.default_country || deps.defaultCountry;
}

export function invalidPhone(field: string, country: string): ErrorDetail {
  return {
    field,
    message: `must be a valid phone number (E.164 such as +14155552671, or a national number in ${country})`,
  };
}

/** Loads, in two queries, everything `prepareInput` needs for a batch of inputs. */
export async function loadInputContext(
  deps: Deps,
  organizationId: string,
  inputs: ContactInput[],
): Promise<InputContext> {
  const country = await organizationCountry(deps, organizationId);
  const ids = new Set<string>();
  const phones = new Set<string>();
  for (const input of inputs) {
    if (input.default_channel_id) ids.add(input.default_channel_id);
    for (const target of input.opt_in_to ?? []) {
      if (target.id !== undefined) ids.add(target.id);
      const phone = target.phone === undefined ? undefined : toE164(target.phone, country);
      if (phone) phones.add(phone);
    }
  }
  const channels = await findChannelsFor(deps.db, organizationId, [...ids], [...phones]);
  return { country, channels };
}

function resolveOptIn(
  input: ContactInput,
  ctx: InputContext,
  at: (f: string) => string,
  details: ErrorDetail[],
) {
  const optIn: OptIn = {};
  if (input.opt_in_to_all_channels !== undefined) optIn.opt_in_to_all_channels = input.opt_in_to_all_channels;
  if (input.opt_in_to === undefined) return optIn;
  const targets = new Map<string, OptInTarget>();
  input.opt_in_to.forEach((target, index) => {
    const phone = target.phone === undefined ? undefined : toE164(target.phone, ctx.country);
    const matches =
      target.id !== undefined
        ? ctx.channels.filter((channel) => channel.id === target.id)
        : ctx.channels.filter((channel) => phone !== undefined && channel.phone === phone);
    if (matches.length === 0) {
      const field = at(`opt_in_to.${index}.${target.id !== undefined ? "id" : "phone"}`);
      details.push({ field, message: "is not a channel of this organization" });
    }
    for (const channel of matches) {
      targets.set(channel.id, channel.phone ? { id: channel.id, phone: channel.phone } : { id: channel.id });
    }
  });
  if (targets.size > 0) optIn.opt_in_to = [...targets.values()];
  return optIn;
}

/** Does the input ask the consent owner to opt the contact in to anything? */
export function asksForOptIn(optIn: OptIn): boolean {
  return (optIn.opt_in_to?.length ?? 0) > 0 || optIn.opt_in_to_all_channels === true;
}

/**
 * Normalizes one input (phone to E.164, tags de-duplicated) and checks it against the
 * organization's channels. Reports every problem at once, fields named under `prefix`.
 */
export function prepareInput(input: ContactInput, ctx: InputContext, prefix?: string): PreparedInput {
  const details: ErrorDetail[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const patch: ContactPatch = {};
  if (input.phone !== undefined) {
    const phone = input.phone === null ? null : toE164(input.phone, ctx.country);
    if (phone === undefined) details.push(invalidPhone(at("phone"), ctx.country));
    else patch.phone = phone;
  }
  if (input.email !== undefined) patch.email = input.email;
  if (input.name !== undefined) patch.name = input.name;
  if (input.external_id !== undefined) patch.external_id = input.external_id;
  if (input.address !== undefined) patch.address = input.address;
  if (input.birth_date !== undefined) patch.birth_date = input.birth_date;
  if (input.language !== undefined) patch.language = input.language;
  if (input.default_channel_id !== undefined) {
    const id = input.default_channel_id;
    if (id !== null && !ctx.channels.some((channel) => channel.id === id)) {
      details.push({ field: at("default_channel_id"), message: "is not a channel of this organization" });
    }
    patch.default_channel_id = id;
  }
  if (input.properties !== undefined) patch.properties = input.properties;
  if (input.tags !== undefined) patch.tags = [...new Set(input.tags ?? [])];
  if (
    input.state !== undefined &&
    input.blocked !== undefined &&
    (input.state === "blocked") !== input.blocked
  ) {
    details.push({ field: at("blocked"), message: `contradicts state "${input.state}"` });
  }
  if (input.state !== undefined) patch.state = input.state;
  if (input.blocked !== undefined) patch.blocked = input.blocked;
  const optIn = resolveOptIn(input, ctx, at, details);
  if (details.length > 0) {
    throw new ValidationError(details.map((d) => `${d.field}: ${d.message}`).join("; "), details);
  }
  return { patch, optIn };
}
