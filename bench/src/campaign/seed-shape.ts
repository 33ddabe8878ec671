/**
 * What the bench's contacts look like, shared by the seed and the insert baseline (so the
 * baseline's rows are as wide as the ones the campaigns service stores for them).
 */
const FIRST_NAMES = ["Alex", "Maria", "Sam", "Priya", "Jordan", "Wei", "Fatima", "Lucas"];
/** New York, Chicago, Los Angeles, Denver: recipients in four zones (each waits for its own window). */
const AREA_CODES = ["212", "312", "415", "303"];

export const contactName = (n: number) => `${FIRST_NAMES[n % FIRST_NAMES.length]} Bench${n}`;

/** Distinct, possible US numbers: +1 <area> 200-xxxx upwards, four areas in turn. */
export const contactPhone = (n: number) =>
  `+1${AREA_CODES[n % AREA_CODES.length]}${2_000_000 + Math.floor(n / AREA_CODES.length)}`;

/** The campaigns' template: personalized, so each recipient row stores its own text, as a real campaign's does. */
export const campaignBody = (runId: string) =>
  `Hi {{contact.first_name | default: "there"}}, bench ${runId}: new shifts are open this week. Reply STOP to opt out.`;

/** What `campaignBody` renders to for a contact named `name`. */
export const renderedBody = (name: string, runId: string) =>
  `Hi ${name.split(" ")[0]}, bench ${runId}: new shifts are open this week. Reply STOP to opt out.`;
