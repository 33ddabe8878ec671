import { NavLink, Outlet } from "react-router";
import { isAdmin, useSession } from "../app/session.js";

const TABS = [
  { to: "channels", label: "Channels" },
  { to: "users", label: "Users and teams" },
  { to: "api-keys", label: "API keys" },
  { to: "webhooks", label: "Webhooks" },
];

/** `/app/settings/*`: the sub-sections as links (each its own URL), then the open one. */
export function SettingsLayout() {
  const session = useSession();
  if (!isAdmin(session))
    return (
      <section className="page">
        <h1>Settings</h1>
        <p className="hint">Only an admin can change the organization's settings.</p>
      </section>
    );
  return (
    <section className="page settings">
      <h1 className="settings-title">Settings</h1>
      <nav className="settings-tabs" aria-label="Settings sections">
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} className={({ isActive }) => `tab${isActive ? " active" : ""}`}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </section>
  );
}
