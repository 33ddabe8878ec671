import {
  AppError,
  type AudienceContact,
  type AudienceFilter,
  ChangeContactRequest,
  type Contact,
  ContactAudiencePage,
  FindContact,
  GetContact,
  UpsertContactsRequest,
  type UpsertContactsResult,
} from "@relay/domain";
import type { z } from "zod";
import type { Bus } from "../nats.js";
import { request } from "../request-reply.js";

/** Core's contacts as the senders of many (campaigns, sequences) ask for them. */
export interface CoreContacts {
  page(
    organizationId: string,
    filter: AudienceFilter,
    options: { after?: string; limit: number; propertyKeys: string[] },
  ): Promise<{ contacts: AudienceContact[]; next: string | null }>;
  upsert(organizationId: string, contacts: unknown[]): Promise<UpsertContactsResult>;
  /** The contact with this phone or email, or null; nothing is created. */
  find(organizationId: string, by: { phone: string } | { email: string }): Promise<Contact | null>;
  /** The organization's contact with this id, or null (another organization's, deleted, none). */
  get(organizationId: string, id: string): Promise<Contact | null>;
  /** Writes fields and tags on a contact (a sequence's tag and collect steps); idempotent. */
  change(
    organizationId: string,
    contactId: string,
    change: Omit<z.input<typeof ChangeContactRequest.request>, "organization_id" | "contact_id">,
  ): Promise<Contact>;
}

/** Inline contacts travel in slices under this many bytes (NATS takes 1 MiB). */
const UPSERT_SLICE_BYTES = 512 * 1024;

/** Core's contacts over NATS request-reply: audience pages, and rows upserted in slices. */
export function coreContactsClient(bus: Bus, timeoutMs: number): CoreContacts {
  return {
    async page(organizationId, filter, options) {
      return request(
        bus,
        ContactAudiencePage,
        {
          organization_id: organizationId,
          filter,
          limit: options.limit,
          property_keys: options.propertyKeys,
          ...(options.after && { after: options.after }),
        },
        timeoutMs,
      );
    },
    async find(organizationId, by) {
      const answer = await request(bus, FindContact, { organization_id: organizationId, ...by }, timeoutMs);
      return answer.contact;
    },
    async get(organizationId, id) {
      try {
        return await request(bus, GetContact, { organization_id: organizationId, id }, timeoutMs);
      } catch (error) {
        if (error instanceof AppError && error.code === "not_found") return null;
        throw error;
      }
    },
    async change(organizationId, contactId, change) {
      const answer = await request(
        bus,
        ChangeContactRequest,
        { organization_id: organizationId, contact_id: contactId, ...change },
        timeoutMs,
      );
      return answer.contact;
    },
    async upsert(organizationId, contacts) {
      const results: UpsertContactsResult["results"] = [];
      for (const slice of slices(contacts)) {
        const answer = await request(
          bus,
          UpsertContactsRequest,
          { organization_id: organizationId, contacts: slice.rows },
          timeoutMs,
        );
        for (const outcome of answer.results)
          results.push({ ...outcome, index: outcome.index + slice.offset });
      }
      const count = (status: string) => results.filter((r) => r.status === status).length;
      return {
        message: "contacts upserted",
        results,
        created: count("created"),
        updated: count("updated"),
        unchanged: count("unchanged"),
        conflicts: count("conflict"),
        invalid: count("invalid"),
      };
    },
  };
}

/** Consecutive runs of at most 1,000 rows and `UPSERT_SLICE_BYTES` of JSON each. */
function* slices(rows: unknown[]): Generator<{ offset: number; rows: unknown[] }> {
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let bytes = 0;
    while (end < rows.length && end - start < 1000) {
      bytes += JSON.stringify(rows[end] ?? null).length;
      if (bytes > UPSERT_SLICE_BYTES && end > start) break;
      end++;
    }
    yield { offset: start, rows: rows.slice(start, end) };
    start = end;
  }
}
