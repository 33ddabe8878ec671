import type { ReactNode } from "react";
import type { RouteObject } from "react-router";
import { isAdmin, useSession } from "../app/session.js";
import { PageHeader } from "../ui/page.js";
import { SequenceEditorPage } from "./editor-page.js";
import { SequencesPage } from "./list-page.js";
import "./sequences.css";

/** Sequences are admins' (the gateway refuses agents either way); an agent gets a sentence, not a 403. */
function AdminOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  if (isAdmin(session)) return children;
  return (
    <section className="page">
      <PageHeader title="Sequences" />
      <p className="hint">Sequences are managed by admins.</p>
    </section>
  );
}

export const sequencesRoutes: RouteObject[] = [
  {
    path: "sequences",
    element: (
      <AdminOnly>
        <SequencesPage />
      </AdminOnly>
    ),
  },
  {
    path: "sequences/new",
    element: (
      <AdminOnly>
        <SequenceEditorPage />
      </AdminOnly>
    ),
  },
  {
    path: "sequences/:id",
    element: (
      <AdminOnly>
        <SequenceEditorPage />
      </AdminOnly>
    ),
  },
];
