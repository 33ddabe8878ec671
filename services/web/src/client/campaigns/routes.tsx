import type { ReactNode } from "react";
import type { RouteObject } from "react-router";
import { isAdmin, useSession } from "../app/session.js";
import { PageHeader } from "../ui/page.js";
import { CampaignDetail } from "./detail.js";
import { CampaignList } from "./list.js";
import { CampaignWizard } from "./wizard.js";
import "./campaigns.css";

/** Campaigns are admins' (the gateway refuses their routes to an agent's session either way). */
function AdminsOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  if (isAdmin(session)) return children;
  return (
    <section className="page">
      <PageHeader title="Campaigns" />
      <p className="hint">Only admins can see and send campaigns.</p>
    </section>
  );
}

export const campaignsRoutes: RouteObject[] = [
  {
    path: "campaigns",
    element: (
      <AdminsOnly>
        <CampaignList />
      </AdminsOnly>
    ),
  },
  {
    path: "campaigns/new",
    element: (
      <AdminsOnly>
        <CampaignWizard />
      </AdminsOnly>
    ),
  },
  {
    path: "campaigns/:id",
    element: (
      <AdminsOnly>
        <CampaignDetail />
      </AdminsOnly>
    ),
  },
];
