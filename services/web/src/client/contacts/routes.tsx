import type { RouteObject } from "react-router";
import { ContactPage } from "./contact-page.js";
import { ImportPage } from "./import-page.js";
import { ContactListPage } from "./list-page.js";
import "./contacts.css";

/** Contacts: the list, the import, one contact (agents and admins alike). */
export const contactsRoutes: RouteObject[] = [
  { path: "contacts", element: <ContactListPage /> },
  { path: "contacts/import", element: <ImportPage /> },
  { path: "contacts/:id", element: <ContactPage /> },
];
