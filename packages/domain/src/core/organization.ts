import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { defineEvent } from "../events.js";

/** An ISO 3166 alpha-2 region libphonenumber knows, upper-cased (`us` → `US`). */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code), {
    message: "must be an ISO 3166 alpha-2 country code such as US",
  });
export type CountryCode = z.infer<typeof CountryCode>;

/** The tenant, as the admin API shows it. */
export const Organization = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Region used to read national phone numbers (channels, contacts). */
  default_country: z.string(),
  created_at: z.iso.datetime({ offset: true }),
});
export type Organization = z.infer<typeof Organization>;

export const CreateOrganization = z.strictObject({
  name: z.string().trim().min(1).max(200),
  default_country: CountryCode.optional(),
});
export type CreateOrganization = z.infer<typeof CreateOrganization>;

export const OrganizationCreated = defineEvent("core.organization.created", Organization);
