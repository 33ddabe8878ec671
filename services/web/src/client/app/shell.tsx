import { type ReactNode, useEffect, useState } from "react";
import { NavLink, Outlet, useLocation, useMatch } from "react-router";
import { webApi } from "../api.js";
import { initials } from "../format.js";
import { InboxFolders } from "../inbox/folders.js";
import { useLiveEvents } from "../live.js";
import { Brand } from "./brand.js";
import { LiveContext } from "./live-context.js";
import { isAdmin, useEndSession, useSession } from "./session.js";

interface Section {
  to: string;
  label: string;
  adminOnly?: boolean;
  /** What the sidebar shows under the section while it is open. */
  subnav?: () => ReactNode;
}

/** The screens, in the order of the sidebar; the server enforces who may use which. */
const SECTIONS: Section[] = [
  { to: "/inbox", label: "Inbox", subnav: () => <InboxFolders /> },
  { to: "/contacts", label: "Contacts" },
  { to: "/campaigns", label: "Campaigns", adminOnly: true },
  { to: "/sequences", label: "Sequences", adminOnly: true },
  { to: "/settings", label: "Settings", adminOnly: true },
];

/** Every signed-in screen: the sidebar (sections, the open section's filters, who is signed in) and the screen. */
export function Shell() {
  const session = useSession();
  const ended = useEndSession();
  const live = useLiveEvents(ended);
  const logout = async () => {
    await webApi.delete("/session").catch(() => undefined);
    ended();
  };
  const sections = SECTIONS.filter((section) => !section.adminOnly || isAdmin(session));
  // At phone width the sections fold behind a Menu button; going somewhere folds them again.
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the location is the trigger
  useEffect(() => setMenuOpen(false), [location.pathname, location.search]);
  return (
    <LiveContext.Provider value={live}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <aside className={`sidebar${menuOpen ? " open" : ""}`} aria-label="Navigation">
          <div className="sidebar-top">
            <Brand />
            <button
              type="button"
              className="menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="app-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              Menu
            </button>
          </div>
          <div className="sidebar-body" id="app-nav">
            <nav aria-label="Sections">
              {sections.map((section) => (
                <div key={section.to} className="section">
                  <NavLink
                    to={section.to}
                    className={({ isActive }) => `nav-item section-link${isActive ? " active" : ""}`}
                  >
                    {section.label}
                  </NavLink>
                  {section.subnav && <SubnavWhenOpen path={section.to} render={section.subnav} />}
                </div>
              ))}
            </nav>
            <div className="me">
              <div className="avatar small" aria-hidden="true">
                {initials(session.user.name)}
              </div>
              <div className="me-text">
                <strong>{session.user.name}</strong>
                <span>{isAdmin(session) ? "Admin" : "Agent"}</span>
              </div>
              <button type="button" className="link" onClick={logout}>
                Log out
              </button>
            </div>
          </div>
        </aside>
        <div className="content" id="main">
          <Outlet />
        </div>
      </div>
    </LiveContext.Provider>
  );
}

function SubnavWhenOpen({ path, render }: { path: string; render: () => ReactNode }) {
  return useMatch(`${path}/*`) ? render() : null;
}
