import { connect } from "node:net";
import type { StartedTestContainer } from "testcontainers";

const LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const LOCAL_NATS_URL = "nats://127.0.0.1:4222";

function reachable(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Vitest globalSetup: uses DATABASE_URL / NATS_URL when set; otherwise the local servers on
 * their default ports when they answer; otherwise starts PostgreSQL and NATS (JetStream)
 * containers once for the whole run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const started: StartedTestContainer[] = [];
  if (!process.env.DATABASE_URL && (await reachable(5432))) process.env.DATABASE_URL = LOCAL_DATABASE_URL;
  if (!process.env.NATS_URL && (await reachable(4222))) process.env.NATS_URL = LOCAL_NATS_URL;
  if (!process.env.DATABASE_URL) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:15-alpine").start();
    started.push(container);
    process.env.DATABASE_URL = container.getConnectionUri();
  }
  if (!process.env.NATS_URL) {
    const { GenericContainer, Wait } = await import("testcontainers");
    const container = await new GenericContainer("nats:2.9-alpine")
      .withCommand(["-js"])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start();
    started.push(container);
    process.env.NATS_URL = `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
  }
  return async () => {
    await Promise.all(started.map((container) => container.stop()));
  };
}
