import pg from "pg";
import { BENCH_TWILIO } from "./phases/context.js";

/** Runs one statement on the server's maintenance database (creating and dropping the run's databases). */
export async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The run's phone channels on the Twilio fake, through the public API; returns their numbers (the `first`th on). */
export async function createChannels(
  gatewayUrl: string,
  apiKey: string,
  count: number,
  sendRate: number,
  first = 0,
) {
  const numbers: string[] = [];
  for (let i = first; i < first + count; i++) {
    const phone = `+1415666${String(1000 + i).padStart(4, "0")}`;
    const res = await fetch(`${gatewayUrl}/v1/channels`, {
      method: "POST",
      headers: { "x-whippy-key": apiKey, "content-type": "application/json" },
      body: JSON.stringify({
        type: "phone",
        name: `Bench ${i}`,
        phone,
        provider: "twilio",
        credentials: { account_sid: BENCH_TWILIO.sid, auth_token: BENCH_TWILIO.token },
        send_rate: sendRate,
      }),
    });
    if (res.status !== 201)
      throw new Error(`creating bench channel ${phone} answered ${res.status}: ${await res.text()}`);
    numbers.push(phone);
  }
  return numbers;
}
