import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import pg from "pg";
import { BASELINE_SCHEMA } from "./schema.js";

export interface RunningBaseline {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const SERVER = resolve(import.meta.dirname, "server.ts");

/**
 * Creates the baseline's tables in `databaseUrl` (a database of its own, so its backends are
 * told apart from the stack's) and starts the baseline server the way services start: node + tsx.
 */
export async function startBaseline(databaseUrl: string): Promise<RunningBaseline> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(BASELINE_SCHEMA).finally(() => client.end());

  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SERVER], {
    env: { ...process.env, BASELINE_DATABASE_URL: databaseUrl },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const port = await new Promise<number>((done, fail) => {
    child.once("message", (message: { port?: number }) => (message.port ? done(message.port) : fail()));
    child.once("exit", (code) => fail(new Error(`the baseline server exited with code ${code}`)));
  });
  if (child.pid === undefined) throw new Error("the baseline server has no pid");
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
