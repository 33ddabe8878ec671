/**
 * The endpoint form's event types: names from the server's list (`/app/api/webhook_event_types`),
 * each resource's wildcard (`message.*`) and `*`, as the API's `event_types` (checked by the API).
 */

export const EVERY_EVENT = "*";

/** A resource's events under the name the API's wildcard uses (`contact` → `contact.*`). */
export interface EventGroup {
  resource: string;
  wildcard: string;
  names: string[];
}

const resourceOf = (name: string) => name.split(".")[0] ?? name;

/** The names grouped by resource, in the order the server lists them. */
export function groupEventTypes(names: readonly string[]): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const name of names) {
    const resource = resourceOf(name);
    const group = groups.get(resource) ?? { resource, wildcard: `${resource}.*`, names: [] };
    group.names.push(name);
    groups.set(resource, group);
  }
  return [...groups.values()];
}

/** Whether a name is covered by what is chosen: itself, its resource's wildcard, or `*`. */
export function isCovered(chosen: readonly string[], name: string): boolean {
  return (
    chosen.includes(EVERY_EVENT) ||
    chosen.includes(name) ||
    (!name.endsWith(".*") && chosen.includes(`${resourceOf(name)}.*`))
  );
}

/** Ticks or unticks one choice; a wildcard replaces the names it covers, so none is sent twice. */
export function toggleEventType(chosen: readonly string[], value: string, on: boolean): string[] {
  if (!on) return chosen.filter((name) => name !== value);
  if (value === EVERY_EVENT) return [EVERY_EVENT];
  if (value.endsWith(".*")) {
    const resource = value.slice(0, -2);
    return [...chosen.filter((name) => resourceOf(name) !== resource), value];
  }
  return chosen.includes(value) ? [...chosen] : [...chosen, value];
}
