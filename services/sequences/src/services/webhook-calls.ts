import { DEFAULT_WEBHOOK_TIMEOUT_MS, MAX_WEBHOOK_RESPONSE_BYTES } from "@relay/domain";
import { type EgressClient, signingSecretsAt, signWebhook } from "@relay/service-kit";
import { findSequenceSecrets, type SequenceSecretRow } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { groupBy } from "./group-by.js";
import type { LeasedCall } from "./webhook-lease.js";
import { recordCall } from "./webhook-outcome.js";
import { renderPayloads } from "./webhook-payload.js";

/** What the timer pass needs of the calls in flight. */
export interface WebhookCalls {
  /** Calls this process may start now. */
  freeSlots(): number;
  /** Makes the leased calls (after the pass that leased them committed) and writes their outcomes. */
  dispatch(calls: LeasedCall[]): void;
  /** Resolves when no call is in flight (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Makes webhook steps' calls outside any transaction: payloads rendered for their contacts (one
 * request to core per organization and batch), each call signed with its sequence's secrets
 * (Standard Webhooks, `webhook-id` = the run step's id, so a retry after a crash carries the
 * same one), sent through the kit's egress client (addresses checked when connecting, no
 * redirects, its own timeout, at most 64 KiB of answer read), its outcome written at once.
 * A batch that fails before its calls (core unreachable) leaves their leases to run out.
 */
export class WebhookCaller implements WebhookCalls {
  private active = 0;
  private readonly batches = new Set<Promise<void>>();

  constructor(
    private readonly deps: SequencesDeps,
    private readonly client: EgressClient,
    private readonly concurrency: number,
  ) {}

  freeSlots(): number {
    return Math.max(0, this.concurrency - this.active);
  }

  dispatch(calls: LeasedCall[]): void {
    if (calls.length === 0) return;
    this.active += calls.length;
    const batch = this.run(calls)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, "webhook steps' calls failed"))
      .finally(() => {
        this.active -= calls.length;
        this.batches.delete(batch);
      });
    this.batches.add(batch);
  }

  async idle(): Promise<void> {
    while (this.batches.size > 0) await Promise.allSettled([...this.batches]);
  }

  private async run(calls: LeasedCall[]): Promise<void> {
    const secrets = new Map(
      (await findSequenceSecrets(this.deps.db, [...new Set(calls.map((c) => c.flight.run.sequence_id))])).map(
        (row) => [row.id, row],
      ),
    );
    const byOrganization = groupBy(calls, (call) => call.flight.run.organization_id);
    // An organization whose payloads cannot be rendered (core unreachable) holds up no other.
    const done = await Promise.allSettled(
      [...byOrganization].map(async ([organizationId, group]) => {
        const payloads = await renderPayloads(this.deps, organizationId, group);
        await Promise.all(group.map((call, i) => this.call(call, payloads[i], secrets)));
      }),
    );
    const failed = done.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  }

  private async call(
    call: LeasedCall,
    payload: Record<string, unknown> | undefined,
    secrets: Map<string, SequenceSecretRow>,
  ): Promise<void> {
    const { step, pending, flight } = call;
    const stored = secrets.get(flight.run.sequence_id);
    const body = payload === undefined ? "" : JSON.stringify(payload);
    const outcome = stored?.webhook_secret
      ? await this.client.send({
          method: step.method,
          url: step.url,
          headers: { ...step.headers, ...this.sign(stored, pending.id, body) },
          body: payload === undefined ? undefined : body,
          timeoutMs: step.timeout_ms ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
          maxResponseBytes: MAX_WEBHOOK_RESPONSE_BYTES,
        })
      : {
          status: null,
          latencyMs: 0,
          responseBody: null,
          truncated: false,
          error: "the sequence has no signing secret",
        };
    await recordCall(this.deps, call, outcome).catch((error: unknown) =>
      // The lease runs out and a later pass calls again, under the same webhook-id.
      this.deps.logger.error(
        { err: error, run_step_id: pending.id },
        "a webhook step's outcome was not written",
      ),
    );
  }

  private sign(stored: SequenceSecretRow, messageId: string, body: string) {
    const id = stored.id;
    const secrets = signingSecretsAt(
      {
        current: stored.webhook_secret as NonNullable<SequenceSecretRow["webhook_secret"]>,
        previous: stored.previous_webhook_secret,
        previousExpiresAt: stored.previous_webhook_secret_expires_at,
      },
      this.deps.now(),
      (sealed) => this.deps.secrets.open(id, sealed),
    );
    // The signature's timestamp is the machine's clock: receivers compare it with theirs.
    return signWebhook(messageId, new Date(), body, secrets);
  }
}
