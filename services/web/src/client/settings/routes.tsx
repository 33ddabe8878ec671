import { Navigate, type RouteObject } from "react-router";
import { ApiKeysScreen } from "./api-keys.js";
import { ChannelEditor } from "./channel-editor.js";
import { ChannelsScreen } from "./channels.js";
import { SettingsLayout } from "./layout.js";
import { UsersScreen } from "./users.js";
import { EndpointScreen } from "./webhook-endpoint.js";
import { WebhooksScreen } from "./webhooks.js";
import "./settings.css";

/** `/app/settings/*` (admins; the gateway refuses agents these routes either way). */
export const settingsRoutes: RouteObject[] = [
  {
    path: "settings",
    element: <SettingsLayout />,
    children: [
      { index: true, element: <Navigate to="channels" replace /> },
      { path: "channels", element: <ChannelsScreen /> },
      { path: "channels/:id", element: <ChannelEditor /> },
      { path: "users", element: <UsersScreen /> },
      { path: "api-keys", element: <ApiKeysScreen /> },
      { path: "webhooks", element: <WebhooksScreen /> },
      { path: "webhooks/:id", element: <EndpointScreen /> },
    ],
  },
];
