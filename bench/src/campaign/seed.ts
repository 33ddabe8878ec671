import { randomUUID } from "node:crypto";
import pg from "pg";
import { contactName, contactPhone } from "./seed-shape.js";

export const AUDIENCE_TAG = "bench";
export const DISPATCH_TAG = "bench-dispatch";
export const PACING_TAG = "bench-pacing";

export interface SeedResult {
  how: "sql" | "api";
  contacts: number;
  ms: number;
}

interface SeedOptions {
  databaseUrl: string;
  gatewayUrl: string;
  apiKey: string;
  organizationId: string;
  contacts: number;
  /** The first `dispatch` contacts also carry DISPATCH_TAG: the dispatch phase's audience. */
  dispatch: number;
  /** The first `pacing` contacts also carry PACING_TAG: the pacing check's audience. */
  pacing: number;
  /** `properties.shard` = n mod shards: which dispatch campaign (channel) a contact belongs to. */
  shards: number;
  log(line: string): void;
}

/** What core is given (API) or stores (SQL) for contact n. */
function contactInput(n: number, o: SeedOptions) {
  return {
    name: contactName(n),
    phone: contactPhone(n),
    tags: [AUDIENCE_TAG, ...(n < o.dispatch ? [DISPATCH_TAG] : []), ...(n < o.pacing ? [PACING_TAG] : [])],
    properties: { shard: n % o.shards, source: "bench" },
  };
}

/**
 * Straight into core's `contacts` as core stores a contact created by the API (random v4 id,
 * E.164 phone, tags, properties, both timestamps now) and into conversations' contacts
 * projection as its consumer leaves it once it has caught up (same id, name, phone, email,
 * version = core's updated_at). No outbox rows: nobody is told, as nobody would be about an
 * import that finished long ago. Setup only, never measured.
 */
async function seedSql(o: SeedOptions): Promise<void> {
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  try {
    const SLICE = 10_000;
    for (let first = 0; first < o.contacts; first += SLICE) {
      const cols = {
        id: [] as string[],
        name: [] as string[],
        phone: [] as string[],
        tags: [] as string[],
        props: [] as string[],
      };
      for (let n = first; n < Math.min(o.contacts, first + SLICE); n++) {
        const c = contactInput(n, o);
        cols.id.push(randomUUID());
        cols.name.push(c.name);
        cols.phone.push(c.phone);
        cols.tags.push(JSON.stringify(c.tags));
        cols.props.push(JSON.stringify(c.properties));
      }
      await client.query("begin");
      await client.query(
        `insert into core.contacts (id, organization_id, name, phone, tags, properties, created_at, updated_at)
         select id, $1, name, phone, array(select jsonb_array_elements_text(tags)), props, now(), now()
         from unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[]) as t(id, name, phone, tags, props)`,
        [o.organizationId, cols.id, cols.name, cols.phone, cols.tags, cols.props],
      );
      await client.query(
        `insert into conversations.contacts (id, organization_id, name, phone, email, deleted, version)
         select id, organization_id, name, phone, email, false, updated_at from core.contacts where id = any($1::uuid[])`,
        [cols.id],
      );
      await client.query("commit");
      if ((first / SLICE) % 5 === 4) o.log(`seed: ${first + SLICE} contacts`);
    }
    await client.query("analyze core.contacts; analyze conversations.contacts");
  } finally {
    await client.end();
  }
}

/** Through core's bulk import (`PUT /v1/contacts/upsert`, 1,000 a call), then until conversations' projection has them all. */
async function seedApi(o: SeedOptions): Promise<void> {
  for (let first = 0; first < o.contacts; first += 1000) {
    const contacts = [];
    for (let n = first; n < Math.min(o.contacts, first + 1000); n++) contacts.push(contactInput(n, o));
    const res = await fetch(`${o.gatewayUrl}/v1/contacts/upsert`, {
      method: "PUT",
      headers: { "x-whippy-key": o.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ contacts }),
    });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`contact upsert answered ${res.status}: ${text.slice(0, 300)}`);
    const data = (JSON.parse(text) as { data: { created: number } }).data;
    if (data.created !== contacts.length)
      throw new Error(`contact upsert created ${data.created} of ${contacts.length}: ${text.slice(0, 300)}`);
    if ((first / 1000) % 10 === 9) o.log(`seed: ${first + 1000} contacts imported`);
  }
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 600_000;
    for (let last = -1; ; ) {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from conversations.contacts where organization_id = $1",
        [o.organizationId],
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n >= o.contacts) break;
      if (Date.now() > deadline)
        throw new Error(`conversations' projection has ${n} of ${o.contacts} contacts after 10 minutes`);
      if (n !== last) o.log(`seed: conversations' projection has ${n} of ${o.contacts}`);
      last = n;
      await new Promise((done) => setTimeout(done, 2_000));
    }
  } finally {
    await client.end();
  }
}

export async function seedContacts(how: "sql" | "api", o: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  await (how === "sql" ? seedSql(o) : seedApi(o));
  return { how, contacts: o.contacts, ms: performance.now() - started };
}

/**
 * One seeded contact read back through the public API: core serves it as one of its own (the
 * SQL seed wrote what core would have).
 */
export async function checkSeeded(
  o: Pick<SeedOptions, "gatewayUrl" | "apiKey" | "databaseUrl">,
): Promise<string> {
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>("select id from core.contacts where name = $1", [contactName(0)])
    .finally(() => client.end());
  const id = rows[0]?.id;
  const res = await fetch(`${o.gatewayUrl}/v1/contacts/${id}`, { headers: { "x-whippy-key": o.apiKey } });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(
      `GET /v1/contacts/${id} of a seeded contact answered ${res.status}: ${text.slice(0, 300)}`,
    );
  return text;
}
