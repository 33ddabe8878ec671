/** "message.*, contact.created" as typed → the API's `event_types` (each name checked by the API). */
export function parseEventTypes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== "");
}
