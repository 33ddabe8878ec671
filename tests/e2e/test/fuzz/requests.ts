import fc from "fast-check";
import { excerpt, type JsonLike, toJsonText } from "./json-text.js";
import { anyString, CONTENT_TYPES, JUNK_IDS, JUNK_QUERY_VALUES, junkBodyText } from "./junk.js";
import type { Operation, Parameter } from "./openapi.js";
import { arbitraryFor, type ValueContext } from "./schema-values.js";

/** One request to send, printed short in fast-check's reports. */
export class FuzzRequest {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly headers: Record<string, string>,
    readonly body?: string | Uint8Array,
  ) {}

  [fc.toStringMethod](): string {
    const body =
      this.body === undefined
        ? ""
        : typeof this.body === "string"
          ? ` body="${excerpt(this.body)}"`
          : ` body=bytes[${[...this.body].join(",")}]`;
    return `${this.method} ${excerpt(this.path)} content-type=${this.headers["content-type"] ?? "(none)"}${body}`;
  }
}

/** Every kind of id a path names; `RequestContext.ids` holds each kind's own and other ids. */
export const ID_KINDS = [
  "contact",
  "conversation",
  "channel",
  "user",
  "team",
  "apiKey",
  "organization",
  "campaign",
  "campaignToSend",
  "campaignToPause",
  "campaignToResume",
  "campaignToCancel",
  "sequence",
  "sequenceToEnroll",
  "sequenceRun",
  "tag",
  "application",
  "endpoint",
  "endpointToAct",
  "delivery",
  "customObject",
  "customProperty",
  "customRecord",
  "template",
  "lead",
] as const;
export type IdKind = (typeof ID_KINDS)[number];

export interface RequestContext extends ValueContext {
  /** Ids of the fuzzing organization's resources, and of the other organization's. */
  ids: Record<IdKind, { own: string[]; other: string[] }>;
  apiKey: string;
  adminToken: string;
}

const KIND_OF_SEGMENT: Record<string, IdKind> = {
  contacts: "contact",
  conversations: "conversation",
  channels: "channel",
  users: "user",
  teams: "team",
  api_keys: "apiKey",
  organizations: "organization",
  campaigns: "campaign",
  sequences: "sequence",
  runs: "sequenceRun",
  sequence_runs: "sequenceRun",
  tags: "tag",
  applications: "application",
  endpoints: "endpoint",
  deliveries: "delivery",
  custom_objects: "customObject",
  properties: "customProperty",
  records: "customRecord",
  templates: "template",
  leads: "lead",
};

/**
 * A lifecycle action moves its campaign on, so each gets a campaign of its own in the status it
 * starts from: its control succeeds whatever the other campaign routes did before it.
 */
const KIND_OF_CAMPAIGN_ACTION: Record<string, IdKind> = {
  send: "campaignToSend",
  pause: "campaignToPause",
  resume: "campaignToResume",
  cancel: "campaignToCancel",
};

/** Enrollments get an active sequence of their own, which the update, activate and archive leave alone. */
const KIND_OF_SEQUENCE_ACTION: Record<string, IdKind> = {
  contacts: "sequenceToEnroll",
  sequence_runs: "sequenceToEnroll",
};

/** An endpoint's actions and deliveries go to one the fuzz's updates leave enabled. */
const KIND_OF_ENDPOINT_ACTION: Record<string, IdKind> = {
  test: "endpointToAct",
  replay: "endpointToAct",
  deliveries: "endpointToAct",
};

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD, as on any wire). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
}

/** Builds the request's path from its template, with `{name}` replaced by already-encoded values. */
export function fillPath(op: Operation, values: Record<string, string>, query = ""): string {
  const path = op.template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "x");
  return `${op.base}${path}${query ? `?${query}` : ""}`;
}

export function authHeaders(op: Operation, ctx: RequestContext): Record<string, string> {
  return op.admin ? { authorization: `Bearer ${ctx.adminToken}` } : { "x-whippy-key": ctx.apiKey };
}

export function kindOf(op: Operation, param: string): IdKind {
  const segments = op.template.split("/");
  const at = segments.indexOf(`{${param}}`);
  const before = segments[at - 1] ?? "";
  const after = segments[at + 1] ?? "";
  const action =
    before === "campaigns"
      ? KIND_OF_CAMPAIGN_ACTION[after]
      : before === "sequences"
        ? KIND_OF_SEQUENCE_ACTION[after]
        : before === "endpoints"
          ? KIND_OF_ENDPOINT_ACTION[after]
          : undefined;
  const kind = action ?? KIND_OF_SEGMENT[before];
  if (!kind) throw new Error(`no id kind for ${op.template}`);
  return kind;
}

function idValue(kind: IdKind, ctx: RequestContext): fc.Arbitrary<string> {
  const { own, other } = ctx.ids[kind];
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...own) },
    { weight: 1, arbitrary: fc.constantFrom(...other) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...JUNK_IDS) },
    { weight: 1, arbitrary: anyString.filter((s) => s.length > 0).map(percentEncode) },
  );
}

function queryValue(param: Parameter): fc.Arbitrary<string> {
  const s = param.schema;
  const valid: fc.Arbitrary<string> =
    s.type === "integer"
      ? fc.integer({ min: s.minimum ?? 0, max: s.maximum ?? 1_000 }).map(String)
      : s.type === "array" && s.items?.enum
        ? fc.constantFrom(...s.items.enum.map(String))
        : fc.string({ maxLength: 20 }).map(encodeURIComponent);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: fc.constantFrom(...JUNK_QUERY_VALUES) },
    { weight: 1, arbitrary: anyString.map(percentEncode) },
  );
}

/** Query strings a parser must survive: repeated keys, `key[]`, keys without values, NULs. */
const ODD_QUERIES = [
  "limit=1&limit=2",
  "limit[]=1",
  "offset[]=",
  "key[]",
  "key",
  "=x",
  "&&&",
  "%00=1",
  "a%00b=1",
  "__proto__=1",
  "constructor[]=x",
  "limit=1e400",
  "offset=1e400",
  "status=open",
  "type[]=whatsapp&type[]=fax",
  `q=${"x".repeat(3_000)}`,
];

function queryOf(op: Operation): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === "query");
  const pairs = params.map((p) =>
    fc.option(
      fc
        .array(queryValue(p), { minLength: 1, maxLength: 3 })
        .map((values) => values.map((v) => `${p.name}=${v}`).join("&")),
      { freq: 2 },
    ),
  );
  const odd = fc.option(fc.constantFrom(...ODD_QUERIES), { freq: 4 });
  return fc
    .tuple(fc.tuple(...pairs), odd)
    .map(([parts, extra]) =>
      [...parts, extra].filter((part): part is string => typeof part === "string" && part !== "").join("&"),
    );
}

const headerText = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 300,
});

function bodyOf(op: Operation, ctx: RequestContext): fc.Arbitrary<string | Uint8Array | undefined> {
  if (op.method === "GET" || op.method === "HEAD") return fc.constant(undefined);
  if (!op.body) return fc.option(junkBodyText, { freq: 4, nil: undefined });
  const body = op.body;
  const fromSchema = (mutate: boolean) =>
    arbitraryFor(body, { ...ctx, mutate }).map((value: JsonLike) => toJsonText(value));
  // Valid bodies carry unicode to the database and back; mutated ones carry one bad field or more.
  return fc.oneof(
    { weight: 4, arbitrary: fromSchema(false) },
    { weight: 4, arbitrary: fromSchema(true) },
    { weight: 2, arbitrary: junkBodyText },
  );
}

/** Random requests for one operation, drawn from its schemas with mutations. */
export function requestsFor(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const ids = fc.tuple(...pathParams.map((p) => idValue(kindOf(op, p.name), ctx)));
  const idempotency = op.parameters.some((p) => p.name === "Idempotency-Key")
    ? fc.option(fc.oneof(fc.uuid(), headerText), { freq: 3, nil: undefined })
    : fc.constant(undefined);
  const contentType = fc.oneof(
    { weight: 9, arbitrary: fc.constant<string | undefined>("application/json") },
    { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, ...CONTENT_TYPES) },
  );
  return fc
    .record({ ids, query: queryOf(op), body: bodyOf(op, ctx), contentType, idempotency })
    .map(({ ids: values, query, body, contentType: type, idempotency: key }) => {
      const named = Object.fromEntries(pathParams.map((p, i) => [p.name, values[i] ?? "x"]));
      const headers = authHeaders(op, ctx);
      if (body !== undefined && type !== undefined) headers["content-type"] = type;
      if (key !== undefined) headers["idempotency-key"] = key;
      return new FuzzRequest(op.method, fillPath(op, named, query), headers, body);
    });
}
