import type { RouteObject } from "react-router";
import { Inbox } from "./inbox.js";
import "./inbox.css";

export const inboxRoutes: RouteObject[] = [
  { path: "inbox", element: <Inbox /> },
  { path: "inbox/:conversationId", element: <Inbox /> },
];
