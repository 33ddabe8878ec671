import { deepArray, deepObject, type JsonLike, RawJson, toJsonText } from "./json-text.js";
import { JUNK_IDS, NUL } from "./junk.js";
import type { Operation, Schema } from "./openapi.js";
import { authHeaders, FuzzRequest, fillPath, kindOf, type RequestContext } from "./requests.js";

/** A valid body per operation, to carry one bad field at a time into the service and its database. */
export type BaseBodies = Record<string, () => Record<string, JsonLike>>;

/** Bad values for one field of a given schema, each sent alone in an otherwise valid body. */
function badValuesFor(s: Schema, resolve: (s: Schema) => Schema): JsonLike[] {
  const values: JsonLike[] = [];
  if (s.type === "string" || s.enum) {
    values.push(`a${NUL}b`, "x\ud800y", "x".repeat((s.maxLength ?? 100_000) + 1));
  }
  if (s.type === "integer" || s.type === "number") {
    values.push(...["1e400", "2147483648", "-2147483649", "5e-324", "1e-400"].map((t) => new RawJson(t)));
  }
  if (s.type === "array") {
    values.push(
      [`a${NUL}b`],
      [new RawJson("1e400")],
      Array.from({ length: 5_000 }, () => "x"),
      deepArray(10_000),
    );
  }
  if (typeof s.additionalProperties === "object") {
    values.push(
      deepObject(10_000),
      deepObject(7),
      { big: "x".repeat(1_500_000) },
      Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
      new RawJson(`{"a\\u0000b":1}`),
      { k: `a${NUL}b` },
      { k: "x\ud800y" },
      { k: new RawJson("1e400") },
    );
  }
  if (s.properties) {
    for (const [key, sub] of Object.entries(s.properties)) {
      for (const bad of badValuesFor(resolve(sub), resolve).slice(0, 2)) values.push({ [key]: bad });
    }
  }
  return values;
}

const WHOLE_BODIES: Array<string | Uint8Array> = [
  "",
  "{",
  "null",
  "[]",
  "1e400",
  `{"\\u0000":1}`,
  toJsonText(deepArray(10_000)),
  toJsonText(deepObject(10_000)),
  new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
  JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`unknown${i}`, i]))),
];

const QUERIES = [
  "limit=1e400",
  "offset=1e400",
  "limit=2147483648",
  "offset=2147483648",
  "offset=99999999999999999999",
  "limit=1&limit=2",
  "limit[]=1",
  "limit=%00",
  "%00=1",
  "key[]",
  "status[]=%00",
  "type=%ED%A0%80",
];

export interface TargetedCases {
  /** A valid request, which must succeed: otherwise the bad fields below never reach the database. */
  control: FuzzRequest;
  cases: FuzzRequest[];
}

/**
 * Requests every operation gets, whatever the random draw: each field of a valid body made
 * bad in turn, broken whole bodies, wrong content types, odd query strings and path ids.
 */
export function targetedCases(op: Operation, ctx: RequestContext, bases: BaseBodies): TargetedCases {
  const cases: FuzzRequest[] = [];
  const pathParams = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
  const ownIds = Object.fromEntries(
    pathParams.map((name) => [name, ctx.ids[kindOf(op, name)].own[0] ?? "x"]),
  );
  const request = (body?: string | Uint8Array, type = "application/json", query = "", ids = ownIds) => {
    const headers = authHeaders(op, ctx);
    if (body !== undefined && type) headers["content-type"] = type;
    return new FuzzRequest(op.method, fillPath(op, ids, query), headers, body);
  };
  const hasBody = op.method !== "GET" && op.method !== "HEAD";
  const base = bases[`${op.method} ${op.template}`];

  if (op.body && !base) throw new Error(`no valid base body for ${op.method} ${op.template}`);
  const control = base ? request(toJsonText(base())) : request();
  if (op.body && base) {
    const schema = ctx.resolve(op.body);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      for (const bad of badValuesFor(ctx.resolve(sub), ctx.resolve)) {
        cases.push(request(toJsonText({ ...base(), [key]: bad })));
      }
    }
    cases.push(request(toJsonText(base()), "text/plain"), request(toJsonText(base()), ""));
  }
  if (hasBody) for (const body of WHOLE_BODIES) cases.push(request(body));
  if (op.parameters.some((p) => p.in === "query"))
    for (const query of QUERIES) cases.push(request(undefined, "", query));
  for (const name of pathParams) {
    const kind = kindOf(op, name);
    for (const id of [...JUNK_IDS, ctx.ids[kind].other[0] ?? "x"]) {
      cases.push(
        request(hasBody && base ? toJsonText(base()) : undefined, "application/json", "", {
          ...ownIds,
          [name]: id,
        }),
      );
    }
  }
  return { control, cases };
}
