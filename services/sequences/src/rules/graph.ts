import { type ErrorDetail, type StepInput, type StoredStep, ValidationError } from "@relay/domain";

/** An edge of the graph: the field that names it (`steps.2.rules.0.next`) and the step it goes to. */
interface Edge {
  field: string;
  to: string;
}

/** The step a step goes on to when it names none: the one after it (none: the run ends). */
export function followingKey(
  step: { next?: string | undefined },
  index: number,
  steps: readonly { key: string }[],
): string | undefined {
  return step.next ?? steps[index + 1]?.key;
}

/** Steps that wait for the contact: a loop through one of them does not send without end. */
export const WAITS: ReadonlySet<StepInput["type"]> = new Set(["wait_for_reply", "collect"]);

/**
 * Where a step can go next; a send, collect, tag or assign without `next` goes to the step after it
 * (none: the run ends); a move and an end go nowhere in this sequence.
 */
export function edgesOf(step: StepInput, index: number, steps: readonly { key: string }[]): Edge[] {
  const at = (name: string) => `steps.${index}.${name}`;
  const onward = (): Edge[] => {
    const to = followingKey("next" in step ? step : {}, index, steps);
    return to === undefined ? [] : [{ field: at("next"), to }];
  };
  switch (step.type) {
    case "send":
      return [
        ...onward(),
        ...(step.on_failure === undefined ? [] : [{ field: at("on_failure"), to: step.on_failure }]),
      ];
    case "tag":
    case "assign":
      return onward();
    case "webhook":
      return [
        ...step.rules.map((rule, r) => ({ field: at(`rules.${r}.next`), to: rule.next })),
        ...onward(),
        ...(step.on_failure === undefined ? [] : [{ field: at("on_failure"), to: step.on_failure }]),
      ];
    case "collect":
      return [
        ...onward(),
        ...(step.on_invalid === undefined ? [] : [{ field: at("on_invalid"), to: step.on_invalid }]),
        ...(step.on_timeout === undefined ? [] : [{ field: at("on_timeout"), to: step.on_timeout }]),
      ];
    case "wait_for_reply":
      return [
        { field: at("on_reply"), to: step.on_reply },
        { field: at("on_timeout"), to: step.on_timeout },
      ];
    case "branch":
      return [
        ...step.rules.map((rule, r) => ({ field: at(`rules.${r}.next`), to: rule.next })),
        ...(step.any_reply === undefined ? [] : [{ field: at("any_reply"), to: step.any_reply }]),
        { field: at("otherwise"), to: step.otherwise },
      ];
    case "move":
    case "end":
      return [];
  }
}

/**
 * Gives each step its key (`step_<n>` when the caller gave none) and a stable id: the id the
 * previous version gave the same key, so runs and history keep naming the step across versions.
 */
export function keyedSteps(input: StepInput[], previous: readonly StoredStep[] = []): StoredStep[] {
  const ids = new Map(previous.map((step) => [step.key, step.id]));
  return input.map((step, index) => {
    const key = step.key ?? `step_${index + 1}`;
    return { ...step, key, id: ids.get(key) ?? crypto.randomUUID() };
  });
}

/**
 * The checks a sequence's steps pass on save, each problem named by its field: keys unique,
 * every target a step, every step reachable from the first, and no cycle without a
 * `wait_for_reply` or `collect` in it (such a loop would send without end).
 */
export function graphProblems(steps: readonly StoredStep[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    const first = index.get(step.key);
    if (first === undefined) index.set(step.key, i);
    else
      problems.push({
        field: `steps.${i}.key`,
        message: `"${step.key}" is the key of steps.${first} already`,
      });
  });
  const edges = steps.map((step, i) => edgesOf(step, i, steps));
  for (const edge of edges.flat()) {
    if (!index.has(edge.to)) problems.push({ field: edge.field, message: `names no step: "${edge.to}"` });
  }
  if (problems.length > 0) return problems;

  const targets = edges.map((list) => list.map((edge) => index.get(edge.to) as number));
  const reached = new Set<number>([0]);
  const queue = [0];
  for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
    for (const next of targets[at] ?? []) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  steps.forEach((_, i) => {
    if (!reached.has(i))
      problems.push({ field: `steps.${i}`, message: "is not reachable from the first step" });
  });

  // Depth-first over the steps that are not waits: an edge back to a step on the path closes a loop.
  const state = new Map<number, "open" | "done">();
  const visit = (i: number): ErrorDetail | undefined => {
    state.set(i, "open");
    for (const [e, next] of (targets[i] ?? []).entries()) {
      if (WAITS.has(steps[next]?.type as StepInput["type"]) || state.get(next) === "done") continue;
      const edge = edges[i]?.[e] as Edge;
      if (state.get(next) === "open")
        return {
          field: edge.field,
          message: `makes a cycle back to "${edge.to}" with no wait_for_reply or collect in it`,
        };
      const found = visit(next);
      if (found) return found;
    }
    state.set(i, "done");
    return undefined;
  };
  for (let i = 0; i < steps.length; i++) {
    if (WAITS.has(steps[i]?.type as StepInput["type"]) || state.has(i)) continue;
    const cycle = visit(i);
    if (cycle) {
      problems.push(cycle);
      break;
    }
  }
  return problems;
}

/** 422 naming every problem of the graph (the message names the first). */
export function assertValidGraph(steps: readonly StoredStep[]): void {
  const problems = graphProblems(steps);
  const first = problems[0];
  if (first) throw new ValidationError(`${first.field}: ${first.message}`, problems);
}
