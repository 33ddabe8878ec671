import type { StepInput } from "@relay/domain";
import { assertEgressUrl } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";

/**
 * Every webhook step's URL may be called (the kit's egress policy: https to a public address,
 * or this machine with `SEQUENCES_ALLOW_LOCALHOST`): checked as written and as its name resolves
 * now, a 422 naming `steps.<i>.url`. The call checks the addresses again when it connects.
 */
export async function assertWebhookUrls(deps: Pick<SequencesDeps, "egress">, steps: readonly StepInput[]) {
  for (const [index, step] of steps.entries())
    if (step.type === "webhook") await assertEgressUrl(`steps.${index}.url`, step.url, deps.egress);
}
