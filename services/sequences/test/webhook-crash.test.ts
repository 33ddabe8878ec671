import { uniqueName, WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSigningSecret } from "../src/services/signing-secret.js";
import { ConversationsServer } from "./conversations-server.js";
import { flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";
import { processStarter, type RunningSequences } from "./service-process.js";

/**
 * kill -9 of the service while a webhook step's call waits for its answer: restarted with its
 * clock past the call's lease (the call's timeout and a minute), it calls again under the same
 * `webhook-id`, and the step's outcome is written once.
 */
const schema = uniqueName("sequences_hook_crash");
const namespace = uniqueName("seqhookcrash");
let conversations: ConversationsServer;
let receiver: WebhookReceiver;
let h: Harness;
let service: RunningSequences | undefined;

const start = (offsetMs: number) =>
  processStarter({
    schema,
    namespace,
    conversationsUrl: conversations.url,
    env: { SEQUENCES_ALLOW_LOCALHOST: "true" },
  })(offsetMs);

beforeAll(async () => {
  [conversations, receiver] = await Promise.all([ConversationsServer.start(), WebhookReceiver.start()]);
  service = await start(0);
  h = await openHarness({ schema });
}, 90_000);
afterAll(async () => {
  await service?.stop();
  await receiver?.stop();
  await conversations?.stop();
  await h?.close();
});

describe("kill -9 of the sequences service mid-call", () => {
  it("calls again with the same webhook-id after the lease, and writes one outcome", async () => {
    h.setNow(Date.now());
    const flows = flowsOf(h);
    const sequence = await flows.activeSequence([
      { type: "webhook", key: "call", url: `${receiver.url}/crash`, method: "POST", rules: [], next: "done" },
      { type: "end", key: "done" },
    ]);
    receiver.trust("/crash", (await getSigningSecret(h.deps, h.organizationId, sequence.id)).signing_secret);
    receiver.behave("/crash", { hang: true });
    const [contact] = (await flows.enroll(sequence.id)) as [string];
    const run = await flows.runOf(sequence.id, contact);
    await waitFor(() => receiver.at("/crash").length === 1, {
      timeoutMs: 20_000,
      description: "the first call",
    });
    await service?.kill();
    expect(await flows.historyOf(run.id)).toEqual(["call:pending"]);

    receiver.behave("/crash", { status: [200] });
    service = await start(75_000);
    await waitFor(async () => (await flows.historyOf(run.id)).at(-1) === "done:done:ended", {
      timeoutMs: 20_000,
      description: "the run to complete after the restart",
    });
    const [call] = await h.database.db
      .selectFrom("run_steps")
      .selectAll()
      .where("run_id", "=", run.id)
      .orderBy("seq")
      .execute();
    const received = receiver.at("/crash");
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([call?.id, call?.id]);
    expect(received.every((r) => r.standardValid)).toBe(true);
    expect(received[0]?.body).toBe(received[1]?.body);
    expect(await flows.historyOf(run.id)).toEqual(["call:done:called", "done:done:ended"]);
    expect(call?.webhook).toMatchObject({ attempts: 2, status: 200 });
  }, 120_000);
});
