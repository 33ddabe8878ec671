import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { contextLogFields, withContext } from "../src/observability/request-context.js";

/** A logger as createLogger builds it (the context mixin), writing its lines to an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ mixin: contextLogFields }, sink) };
}

describe("log lines and the request context", () => {
  it("carry only their own fields and their own context's, never an earlier line's", async () => {
    const { lines, logger } = capture();
    logger.info({ migration: "0001_core" }, "migration applied");
    withContext("req-1", undefined, () => logger.info({ route: "/v1/users", status: 200 }, "request"));
    withContext("req-1", undefined, () => logger.info("inside again"));
    logger.info("stopped");
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      lines.map(({ msg, migration, route, request_id }) => ({ msg, migration, route, request_id })),
    ).toEqual([
      { msg: "migration applied", migration: "0001_core", route: undefined, request_id: undefined },
      { msg: "request", migration: undefined, route: "/v1/users", request_id: "req-1" },
      { msg: "inside again", migration: undefined, route: undefined, request_id: "req-1" },
      { msg: "stopped", migration: undefined, route: undefined, request_id: undefined },
    ]);
  });
});
