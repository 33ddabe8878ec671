import { createBrowserRouter, Navigate, Outlet, type RouteObject, useLocation } from "react-router";
import { errorMessage } from "../api.js";
import { campaignsRoutes } from "../campaigns/routes.js";
import { contactsRoutes } from "../contacts/routes.js";
import { inboxRoutes } from "../inbox/routes.js";
import { sequencesRoutes } from "../sequences/routes.js";
import { settingsRoutes } from "../settings/routes.js";
import { ForgotPasswordPage, LoginPage, SetPasswordPage } from "./auth-pages.js";
import { SessionContext, useSessionQuery } from "./session.js";
import { Shell } from "./shell.js";

/** Shows the sign-in page until someone is signed in, then the shell with the screen of the URL. */
function SignedIn() {
  const session = useSessionQuery();
  if (session.isPending) return <div className="splash">Loading…</div>;
  if (session.isError)
    return <div className="splash">The server is not answering: {errorMessage(session.error)}</div>;
  if (!session.data) return <LoginPage />;
  return (
    <SessionContext.Provider value={session.data}>
      <Shell />
    </SessionContext.Provider>
  );
}

/** A link's page (invitation, reset): the form while signed out, the app once signed in. */
function LinkPage({ kind }: { kind: "invite" | "reset" }) {
  const session = useSessionQuery();
  if (session.isPending) return <div className="splash">Loading…</div>;
  if (session.data) return <Navigate to="/" replace />;
  return <SetPasswordPage kind={kind} />;
}

function NotFound() {
  const location = useLocation();
  return (
    <section className="page">
      <h1>Not found</h1>
      <p className="hint">Nothing lives at {location.pathname}.</p>
    </section>
  );
}

/** Every screen of the app; each section declares its own routes beside its screens. */
export const routes: RouteObject[] = [
  { path: "invite", element: <LinkPage kind="invite" /> },
  { path: "reset", element: <LinkPage kind="reset" /> },
  { path: "forgot", element: <ForgotPasswordPage /> },
  {
    element: <SignedIn />,
    children: [
      { index: true, element: <Navigate to="/inbox" replace /> },
      ...inboxRoutes,
      ...contactsRoutes,
      ...campaignsRoutes,
      ...sequencesRoutes,
      ...settingsRoutes,
      { path: "*", element: <NotFound /> },
    ],
  },
];

export const createAppRouter = () =>
  createBrowserRouter([{ element: <Outlet />, children: routes }], { basename: "/app" });
