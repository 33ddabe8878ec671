import {
  type CustomObjectRecord,
  CustomObjectRecordCreated,
  CustomObjectRecordUpdated,
  NotFoundError,
  ValidationError,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { findContact } from "../db/contacts.js";
import { insertRecord, updateRecord } from "../db/custom-object-records.js";
import { findCustomObject, findProperties } from "../db/custom-objects.js";
import type { CoreDB, CustomObjectRecordRow, CustomPropertyRow } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { toCustomObjectRecord } from "./custom-object-view.js";
import { phoneRegion } from "./custom-phone-region.js";
import { type MergeOptions, mergeProperties } from "./custom-property-values.js";

export interface Definition {
  objectId: string;
  properties: CustomPropertyRow[];
  /** Where national numbers of its phone properties are read. */
  phoneRegion: string;
}

/** The organization's object and its properties, or 404. */
export async function readDefinition(
  trx: Transaction<CoreDB>,
  deps: Pick<CoreDeps, "defaultCountry">,
  organizationId: string,
  objectId: string,
): Promise<Definition> {
  const object = await findCustomObject(trx, organizationId, objectId);
  if (!object) throw new NotFoundError("custom object");
  const properties = await findProperties(trx, [object.id]);
  const region = await phoneRegion(
    trx,
    deps,
    organizationId,
    properties.map((p) => p.type),
  );
  return { objectId: object.id, properties, phoneRegion: region };
}

/** An associated contact must be one of the organization's: a 422 naming the field otherwise. */
export async function checkContact(trx: Transaction<CoreDB>, organizationId: string, id: string | undefined) {
  if (id === undefined) return;
  if (!(await findContact(trx, organizationId, id)))
    throw ValidationError.field("associated_resource_id", "no such contact");
}

export interface RecordChanges {
  external_id?: string | null;
  contact_id?: string | null;
  properties: Record<string, unknown>;
}

/**
 * Writes `changes` into `existing` (or a new record): properties merged, defaulted and checked,
 * then stored and announced in the caller's transaction.
 */
export async function writeRecord(
  trx: Transaction<CoreDB>,
  organizationId: string,
  definition: Definition,
  existing: CustomObjectRecordRow | undefined,
  changes: RecordChanges,
  options: Pick<MergeOptions, "fieldOf"> = {},
): Promise<{ record: CustomObjectRecord; created: boolean }> {
  const properties = JSON.stringify(
    mergeProperties(definition.properties, existing?.properties ?? {}, changes.properties, {
      ...options,
      defaultCountry: definition.phoneRegion,
    }),
  );
  const row = existing
    ? await updateRecord(trx, existing.id, {
        ...(changes.external_id !== undefined && { external_id: changes.external_id }),
        ...(changes.contact_id !== undefined && { contact_id: changes.contact_id }),
        properties,
      })
    : await insertRecord(trx, {
        id: crypto.randomUUID(),
        organization_id: organizationId,
        custom_object_id: definition.objectId,
        external_id: changes.external_id ?? null,
        contact_id: changes.contact_id ?? null,
        properties,
      });
  const record = toCustomObjectRecord(row);
  const event = existing ? CustomObjectRecordUpdated : CustomObjectRecordCreated;
  await enqueue(trx, newEvent(event, organizationId, record));
  return { record, created: !existing };
}
