import type { StepType } from "../form.js";
import { assignStep } from "./assign.js";
import { branchStep } from "./branch.js";
import { collectStep } from "./collect.js";
import { endStep } from "./end.js";
import type { StepKind } from "./kind.js";
import { moveStep } from "./move.js";
import { sendStep } from "./send.js";
import { tagStep } from "./tag.js";
import { waitForReplyStep } from "./wait-for-reply.js";
import { webhookStep } from "./webhook.js";

/** Every step type the editor offers, in the order of its type menu. */
export const STEP_KINDS: readonly StepKind[] = [
  sendStep,
  waitForReplyStep,
  branchStep,
  collectStep,
  tagStep,
  assignStep,
  moveStep,
  webhookStep,
  endStep,
];

export function stepKind(type: StepType): StepKind | undefined {
  return STEP_KINDS.find((kind) => kind.type === type);
}
