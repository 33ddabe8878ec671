import type { BulkMessage, BulkSendResult, Channel } from "@relay/domain";
import type { ConversationsClient } from "@relay/service-kit";
import {
  type ChannelCatalog,
  createDatabase,
  createLogger,
  type Database,
  migrate,
  transactor,
} from "@relay/service-kit";
import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { migrations } from "../src/db/migrations/index.js";
import type { CampaignsDB } from "../src/db/schema.js";
import type { CampaignsDeps } from "../src/deps.js";

type DispatchDeps = Pick<CampaignsDeps, "db" | "transact" | "logger" | "channels" | "bulk" | "now">;

/** One call of the bulk path as the fake saw it: the injected clock then, and whom it was for. */
export interface HandOver {
  at: number;
  campaignId: string;
  contactIds: string[];
}

/**
 * The dispatcher's deps on a schema of its own (migrated as the service migrates), with the
 * clock in the test's hands and the two HTTP clients at the service boundary replaced by
 * fakes: the channel lookup answers from a map, the bulk path records and queues every row.
 */
export interface DispatchHarness {
  deps: CampaignsDeps;
  database: Database<CampaignsDB>;
  organizationId: string;
  handOvers: HandOver[];
  setNow(ms: number): void;
  /** A phone channel sending `sendRate` messages a second, known to the fake lookup. */
  addChannel(sendRate: number): string;
  close(): Promise<void>;
}

export async function openDispatchHarness(): Promise<DispatchHarness> {
  const schema = uniqueName("campaigns_dispatch_test");
  const database = createDatabase<CampaignsDB>({ url: testDatabaseUrl(), schema, maxConnections: 4 });
  await migrate(database, migrations);
  const organizationId = crypto.randomUUID();
  let now = 0;
  const handOvers: HandOver[] = [];
  const known = new Map<string, Channel>();

  const channels: Pick<ChannelCatalog, "channel"> = {
    async channel(organization, id) {
      const channel = known.get(id);
      if (!channel || organization !== organizationId) throw new Error(`no channel ${id} in ${organization}`);
      return channel;
    },
  };
  const bulk: Pick<ConversationsClient, "send"> = {
    async send(_organization: string, rows: BulkMessage[]): Promise<BulkSendResult> {
      const campaignId = rows[0]?.key?.split(":")[1] ?? "";
      handOvers.push({ at: now, campaignId, contactIds: rows.map((row) => row.contact_id ?? "") });
      return {
        results: rows.map((row, index) => ({
          index,
          key: row.key,
          status: "queued",
          id: crypto.randomUUID(),
          contact_id: row.contact_id,
          conversation_id: crypto.randomUUID(),
        })),
        queued: rows.length,
        scheduled: 0,
        refused: 0,
      };
    },
  };
  // What dispatchCampaign reads; the rest of CampaignsDeps (audience, routes' settings) it never touches.
  const deps: DispatchDeps = {
    db: database.db,
    transact: transactor(database.db),
    logger: createLogger("campaigns-dispatch-test", "silent"),
    channels: channels as ChannelCatalog,
    bulk: bulk as ConversationsClient,
    now: () => new Date(now),
  };
  return {
    deps: deps as CampaignsDeps,
    database,
    organizationId,
    handOvers,
    setNow(ms) {
      now = ms;
    },
    addChannel(sendRate) {
      const id = crypto.randomUUID();
      const at = new Date(0).toISOString();
      known.set(id, {
        id,
        type: "phone",
        name: `Line ${id.slice(0, 8)}`,
        phone: "+14155550100",
        timezone: "America/New_York",
        opening_hours: [],
        provider: "twilio",
        has_credentials: true,
        send_rate: sendRate,
        created_at: at,
        updated_at: at,
      });
      return id;
    },
    async close() {
      await database.close();
      await dropSchemas(schema);
    },
  };
}
