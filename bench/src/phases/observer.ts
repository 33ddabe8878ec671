import pg from "pg";

/**
 * The bench's one connection to the stack's database, to see what the API has made of the load.
 * Its backend pid is left out of PostgreSQL's CPU: it is the observer, not the system.
 */
export class Observer {
  /** Queries issued so far (each its own transaction), to take away from the database's counts. */
  queries = 0;

  private constructor(
    private readonly client: pg.Client,
    readonly backendPid: number,
    readonly database: string,
  ) {}

  static async connect(databaseUrl: string): Promise<Observer> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    return new Observer(client, rows[0]?.pid ?? 0, client.database ?? "");
  }

  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
    this.queries++;
    return this.client.query<R>(text, values);
  }

  async countInbound(): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      "select count(*) as n from conversations.messages where direction = 'INBOUND'",
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** When the last inbound message was stored (its row's created_at), as epoch ms. */
  async lastInboundAt(): Promise<number> {
    const { rows } = await this.query<{ at: string | null }>(
      "select (extract(epoch from max(created_at)) * 1000)::float8 as at from conversations.messages where direction = 'INBOUND'",
    );
    return Number(rows[0]?.at ?? Number.NaN);
  }

  async countDelivered(ids: string[]): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      "select count(*) as n from conversations.messages where id = any($1::uuid[]) and delivery_status = 'delivered'",
      [ids],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** When each delivered message became `delivered` (the status update stamps updated_at), epoch ms. */
  async deliveredAt(ids: string[]): Promise<Map<string, number>> {
    const { rows } = await this.query<{ id: string; at: number }>(
      `select id, (extract(epoch from updated_at) * 1000)::float8 as at from conversations.messages
       where id = any($1::uuid[]) and delivery_status = 'delivered'`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, Number(row.at)]));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
