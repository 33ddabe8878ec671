import { type Stack, startStack } from "@relay/local-stack";
import { TEST_ADMIN_TOKEN } from "@relay/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResources, type OrgResources } from "./fuzz/fixtures.js";
import { baseBodies, hintsFor } from "./fuzz/hints.js";
import { type OpenApiDocument, operationsOf, resolverOf } from "./fuzz/openapi.js";
import { publicRoutes } from "./fuzz/public-routes.js";
import { type FuzzRequest, ID_KINDS, type RequestContext, requestsFor } from "./fuzz/requests.js";
import { newStats, sendAndCheck, statusOf } from "./fuzz/send.js";
import { targetedCases } from "./fuzz/targeted-cases.js";

/**
 * Property-based fuzz of every operation in the served OpenAPI document (admin routes
 * included) and of the webhook and unsubscribe routes: no 5xx, no dropped connection, every
 * 4xx shaped `{error, status, code}`. Each operation first gets its targeted cases (every field
 * of a valid body made bad in turn, broken bodies, odd queries and ids), then random requests
 * drawn by fast-check. Reproduce a run with the seed it prints:
 * `FUZZ_SEED=<seed> npx vitest run test/fuzz.test.ts`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Random requests per operation. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** After this long, the remaining random runs are skipped (and counted); targeted cases always run. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 75_000);

let stack: Stack;
let own: OrgResources;
let other: OrgResources;
let apiKey: string;

beforeAll(async () => {
  stack = await startStack();
  const a = await stack.createOrganization("Fuzz A");
  const b = await stack.createOrganization("Fuzz B");
  apiKey = a.apiKey;
  own = await createResources(a, 0);
  other = await createResources(b, 1);
});
afterAll(() => stack?.stop());

function contextFor(doc: OpenApiDocument): RequestContext {
  const ids = Object.fromEntries(ID_KINDS.map((kind) => [kind, { own: [own[kind]], other: [other[kind]] }]));
  return {
    resolve: resolverOf(doc),
    hints: hintsFor(own, other),
    mutate: true,
    ids: ids as RequestContext["ids"],
    apiKey,
    adminToken: TEST_ADMIN_TOKEN,
  };
}

interface Target {
  label: string;
  control?: FuzzRequest;
  targeted: FuzzRequest[];
  random: fc.Arbitrary<FuzzRequest>;
}

describe("fuzzing the public API through the gateway", () => {
  it("answers every generated request without a 5xx, and every 4xx with {error, status, code}", async () => {
    const started = Date.now();
    const doc = (await (await fetch(`${stack.gatewayUrl}/v1/openapi.json`)).json()) as OpenApiDocument;
    const ctx = contextFor(doc);
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(40);
    const bases = baseBodies(own);
    const toTarget = (op: (typeof operations)[number]): Target => {
      const { control, cases } = targetedCases(op, ctx, bases);
      return {
        label: `${op.method} ${op.base}${op.template}`,
        control,
        targeted: cases,
        random: requestsFor(op, ctx),
      };
    };
    // Deletions last, so the other operations still find the resources they name; a sub-resource's
    // before its parent's (a contact's tag before the contact).
    const depth = (op: (typeof operations)[number]) => op.template.split("/").length;
    const targets: Target[] = [
      ...operations.filter((op) => op.method !== "DELETE").map(toTarget),
      ...publicRoutes(own).map(({ label, requests }) => ({ label, targeted: [], random: requests })),
      ...operations
        .filter((op) => op.method === "DELETE")
        .sort((a, b) => depth(b) - depth(a))
        .map(toTarget),
    ];

    const stats = newStats();
    const failures = new Map<string, string>();
    const record = (label: string, problem: string, request: FuzzRequest) => {
      const key = `${label} → ${problem.slice(0, 120)}`;
      if (!failures.has(key)) failures.set(key, `${label}: ${problem}\n    ${request[fc.toStringMethod]()}`);
    };
    const deadline = started + BUDGET_MS;
    const skipped = new Map<string, number>();
    let targeted = 0;

    for (const [index, target] of targets.entries()) {
      if (target.control) {
        const status = await statusOf(stack.gatewayUrl, target.control, stats);
        if (status >= 300) record(target.label, `a valid request answered ${status}`, target.control);
      }
      for (const request of target.targeted) {
        targeted++;
        const problem = await sendAndCheck(stack.gatewayUrl, request, stats);
        if (problem) record(target.label, problem, request);
      }
      // Past the deadline runs are skipped, not interrupted, so no request is abandoned in flight.
      const details = await fc.check(
        fc.asyncProperty(target.random, async (request) => {
          if (Date.now() > deadline) {
            skipped.set(target.label, (skipped.get(target.label) ?? 0) + 1);
            return;
          }
          const problem = await sendAndCheck(stack.gatewayUrl, request, stats);
          if (problem) throw new Error(problem);
        }),
        { numRuns: RUNS, seed: SEED + index, endOnFailure: true },
      );
      const counterexample = details.counterexample?.[0];
      if (details.failed && counterexample) {
        record(
          target.label,
          (details.errorInstance as Error | undefined)?.message ?? "failed",
          counterexample,
        );
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(
      `fuzz: seed ${SEED}; ${stats.requests} requests (${targeted} targeted) over ${targets.length} routes ` +
        `in ${seconds} s; 5xx: ${stats.serverErrors}; statuses ${JSON.stringify(stats.byStatus)}` +
        (skipped.size
          ? `; random runs skipped past the ${BUDGET_MS} ms budget: ${[...skipped].map(([l, n]) => `${l} ${n}`).join(", ")}`
          : ""),
    );
    console.info(
      `fuzz: slowest requests:\n${stats.slowest.map((s) => `  ${s.ms} ms ${s.status} ${s.request}`).join("\n")}`,
    );
    if (failures.size > 0) {
      console.error(`fuzz failures (FUZZ_SEED=${SEED} reproduces):\n${[...failures.values()].join("\n")}`);
    }
    expect([...failures.keys()]).toEqual([]);
    expect(stats.serverErrors).toBe(0);
  }, 240_000);
});
