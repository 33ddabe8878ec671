import { AppError, defineRequest } from "@relay/domain";
import { testNatsUrl, uniqueName } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Bus, connectBus, createLogger, reply, request } from "../src/index.js";

const logger = createLogger("kit-rpc-input-test", "silent");
const Echo = defineRequest(
  "rpc.kit_test.echo",
  z.object({ name: z.string() }),
  z.object({ name: z.string() }),
);

let bus: Bus;
beforeAll(async () => {
  bus = await connectBus({ url: testNatsUrl(), name: "rpc-input-test", namespace: uniqueName("rpcin") });
  reply(bus, logger, Echo, async ({ name }) => ({ name }));
});
afterAll(() => bus?.close());

describe("request-reply payloads pass the same edge as HTTP input", () => {
  it("answers a NUL in a field with validation_failed naming it", async () => {
    const error = await request(bus, Echo, { name: "a\u0000b" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "validation_failed", details: [{ field: "name" }] });
    expect(await request(bus, Echo, { name: "😀" })).toEqual({ name: "😀" });
  });
});
