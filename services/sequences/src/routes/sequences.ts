import {
  CreateSequence,
  CreateSequenceContacts,
  ListSequenceContactsQuery,
  ListSequenceRunsQuery,
  ListSequencesQuery,
  MigrateSequenceRuns,
  NotFoundError,
  RemoveSequenceContacts,
  RemoveSequenceContactsQuery,
  UpdateSequence,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { SequencesDeps } from "../deps.js";
import { enrollContacts, removeContacts } from "../services/enroll-contacts.js";
import { migrateRuns } from "../services/migrate-runs.js";
import {
  getRun,
  getRunOf,
  getSequence,
  listRunPage,
  listSequenceContacts,
  listSequencePage,
} from "../services/read-sequences.js";
import { getSigningSecret, rotateSigningSecret } from "../services/signing-secret.js";
import { changeSequenceStatus, createSequence, editSequence } from "../services/write-sequence.js";

const sequenceId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("sequence"));

/** `/v1/sequences*`: the contract's reads and enrollments, and our definitions and lifecycle. */
export function sequenceRoutes(deps: SequencesDeps) {
  const app = new Hono<AppEnv>();
  const org = (c: Context<AppEnv>) => c.get("organizationId");

  app.get("/", async (c) => c.json(await listSequencePage(deps, org(c), readQuery(c, ListSequencesQuery))));

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateSequence);
    return c.json({ data: await createSequence(deps, org(c), input, c.get("idempotency")) }, 201);
  });

  // Before `/:id`, which would read "runs" as an id.
  app.get("/runs", async (c) => c.json(await listRunPage(deps, org(c), readQuery(c, ListSequenceRunsQuery))));

  app.get("/runs/:id", async (c) => {
    const id = readId(c, "id", z.uuid(), () => new NotFoundError("sequence run"));
    return c.json({ data: await getRun(deps, org(c), id) });
  });

  app.get("/:id", async (c) => c.json({ data: await getSequence(deps, org(c), sequenceId(c)) }));

  app.put("/:id", async (c) => {
    const id = sequenceId(c);
    const input = await readJson(c, UpdateSequence);
    return c.json({ data: await editSequence(deps, org(c), id, input) });
  });

  for (const action of ["activate", "archive"] as const) {
    app.post(`/:id/${action}`, async (c) =>
      c.json({ data: await changeSequenceStatus(deps, org(c), sequenceId(c), action) }),
    );
  }

  // Webhook steps' signing secret: read by the organization's API keys, rotated with an overlap.
  app.get("/:id/signing_secret", async (c) =>
    c.json({ data: await getSigningSecret(deps, org(c), sequenceId(c)) }),
  );
  app.post("/:id/rotate_secret", async (c) =>
    c.json({ data: await rotateSigningSecret(deps, org(c), sequenceId(c)) }),
  );

  app.post("/:id/migrate_runs", async (c) => {
    const id = sequenceId(c);
    const input = await readJson(c, MigrateSequenceRuns, { empty: {} });
    return c.json({ data: await migrateRuns(deps, org(c), id, input) });
  });

  // Whippy's paths for a sequence's runs (its Activepieces piece lists and shows them so).
  app.get("/:id/sequence_runs", async (c) => {
    const id = sequenceId(c);
    const query = readQuery(c, ListSequenceRunsQuery);
    await getSequence(deps, org(c), id);
    return c.json(await listRunPage(deps, org(c), { ...query, sequence_id: id }));
  });

  app.get("/:id/sequence_runs/:run_id", async (c) => {
    const id = sequenceId(c);
    const runId = readId(c, "run_id", z.uuid(), () => new NotFoundError("sequence run"));
    return c.json({ data: await getRunOf(deps, org(c), id, runId) });
  });

  app.get("/:id/contacts", async (c) => {
    const id = sequenceId(c);
    return c.json(await listSequenceContacts(deps, org(c), id, readQuery(c, ListSequenceContactsQuery)));
  });

  app.post("/:id/contacts", deps.idempotency.route(202), async (c) => {
    const id = sequenceId(c);
    const input = await readJson(c, CreateSequenceContacts);
    return c.json({ data: await enrollContacts(deps, org(c), id, input, c.get("idempotency")) }, 202);
  });

  // The contract names the contacts in a body; `?contact_id=` (one or many) is the alternative.
  app.delete("/:id/contacts", async (c) => {
    const id = sequenceId(c);
    const input =
      c.req.query("contact_id") === undefined
        ? await readJson(c, RemoveSequenceContacts)
        : {
            contacts: readQuery(c, RemoveSequenceContactsQuery).contact_id.map((contact) => ({
              id: contact,
            })),
          };
    return c.json({ data: await removeContacts(deps, org(c), id, input) }, 202);
  });
  return app;
}
