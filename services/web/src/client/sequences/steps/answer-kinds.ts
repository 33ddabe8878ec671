import type { Option } from "../fields.js";

/** The kinds of answer the API reads (`collect`'s `answer`, a branch rule's). */
export const ANSWER_KINDS: Option[] = [
  { id: "text", label: "Any text" },
  { id: "number", label: "A number" },
  { id: "email", label: "An email address" },
  { id: "date", label: "A date" },
  { id: "yes_no", label: "Yes or no" },
];
