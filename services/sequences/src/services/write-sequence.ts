import {
  type CreateSequence,
  NotFoundError,
  type Sequence,
  type SequenceSettings,
  type StoredStep,
  type UpdateSequence,
} from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import { findVersion, insertSequence, insertVersion, lockSequence, updateSequence } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { assertChannelSteps } from "../rules/channel-steps.js";
import { assertValidGraph, keyedSteps } from "../rules/graph.js";
import { assertMoveTargets } from "../rules/move-targets.js";
import { assertTriggerTags } from "../rules/trigger-tags.js";
import { assertWebhookUrls } from "../rules/webhook-urls.js";
import { sequenceChanged } from "./events.js";
import { assertStepTexts } from "./personalize.js";
import { sequenceRow } from "./read-sequences.js";
import { channelAddress, sequenceChannel } from "./sequence-channel.js";
import { newSequenceSecret } from "./signing-secret.js";
import { withTemplateBodies } from "./step-templates.js";

/** `POST /v1/sequences`: a draft at version 1, its graph checked. */
export async function createSequence(
  deps: SequencesDeps,
  organizationId: string,
  input: CreateSequence,
  idempotency?: IdempotencyKey,
): Promise<Sequence> {
  assertStepTexts(input.steps);
  await assertWebhookUrls(deps, input.steps);
  const channel = await sequenceChannel(deps, organizationId, input);
  const steps = keyedSteps(await withTemplateBodies(deps, organizationId, input.steps, channel.type));
  assertChannelSteps(steps, channel.type);
  assertValidGraph(steps);
  await assertMoveTargets(deps.db, organizationId, steps);
  await assertTriggerTags(deps, organizationId, input.settings);
  return deps.transact(async (trx) => {
    const id = crypto.randomUUID();
    const row = await insertSequence(trx, {
      id,
      organization_id: organizationId,
      title: input.title,
      status: "draft",
      version: 1,
      channel_id: channel.id,
      channel_type: channel.type,
      from: channelAddress(channel),
      webhook_secret: newSequenceSecret(deps, id),
    });
    const version = await insertVersion(trx, row.id, 1, steps, input.settings);
    return sequenceChanged(trx, row, version, true);
  }, idempotency && { idempotency });
}

/** `PUT /v1/sequences/{id}`: a new version; steps keep their ids by key; runs in flight keep theirs. */
export async function editSequence(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
  input: UpdateSequence,
): Promise<Sequence> {
  const channel =
    input.channel_id !== undefined || input.from !== undefined
      ? await sequenceChannel(deps, organizationId, input)
      : undefined;
  // The kind of channel the new version sends on: templates and subjects are checked for it.
  const type = channel?.type ?? (await sequenceRow(deps, organizationId, id)).channel_type;
  if (input.steps) assertStepTexts(input.steps);
  if (input.steps) await assertWebhookUrls(deps, input.steps);
  if (input.settings) await assertTriggerTags(deps, organizationId, input.settings);
  const written = input.steps && (await withTemplateBodies(deps, organizationId, input.steps, type));
  return deps.transact(async (trx) => {
    const row = await lockSequence(trx, organizationId, id);
    if (!row) throw new NotFoundError("sequence");
    const current = await findVersion(trx, id, row.version);
    const previous = current.steps as StoredStep[];
    const steps = written ? keyedSteps(written, previous) : previous;
    assertChannelSteps(steps, channel?.type ?? row.channel_type);
    assertValidGraph(steps);
    await assertMoveTargets(trx, organizationId, steps, id);
    const settings = input.settings ?? (current.settings as SequenceSettings);
    const next = row.version + 1;
    const version = await insertVersion(trx, id, next, steps, settings);
    const updated = await updateSequence(trx, id, {
      version: next,
      ...(input.title && { title: input.title }),
      ...(channel && { channel_id: channel.id, channel_type: channel.type, from: channelAddress(channel) }),
    });
    return sequenceChanged(trx, updated, version);
  });
}

const MOVES = { activate: "active", archive: "archived" } as const;

/** `POST /v1/sequences/{id}/activate|archive`: only an active sequence takes enrollments. */
export async function changeSequenceStatus(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
  action: keyof typeof MOVES,
): Promise<Sequence> {
  return deps.transact(async (trx) => {
    const row = await lockSequence(trx, organizationId, id);
    if (!row) throw new NotFoundError("sequence");
    const version = await findVersion(trx, id, row.version);
    if (row.status === MOVES[action]) return sequenceChanged(trx, row, version);
    const updated = await updateSequence(trx, id, { status: MOVES[action] });
    return sequenceChanged(trx, updated, version);
  });
}
