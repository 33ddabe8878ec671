import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const here = dirname(fileURLToPath(import.meta.url));

/** The shared contracts folder: `CONTRACTS_DIR`, or `../shared/contracts` beside the repository. */
export function contractsDir(): string {
  return process.env.CONTRACTS_DIR ?? resolve(here, "../../../../shared/contracts");
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject | { $ref: string }> }>>;
  components: { schemas: Record<string, unknown>; responses?: Record<string, ResponseObject> };
}
interface ResponseObject {
  content?: { "application/json"?: { schema?: unknown } };
}

let cached: { doc: OpenApiDoc; ajv: Ajv } | undefined;

function load() {
  if (cached) return cached;
  const doc = parse(readFileSync(resolve(contractsDir(), "whippy-openapi.yml"), "utf8")) as OpenApiDoc;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "contract", components: doc.components }, "contract");
  cached = { doc, ajv };
  return cached;
}

/** Rewrites local refs so they resolve against the registered `contract` document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === "object") {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === "$ref" && typeof value === "string" ? `contract${value}` : rebase(value),
      ]),
    );
  }
  return schema;
}

const validators = new Map<string, ValidateFunction>();

/**
 * Validates a response body against the contract's schema for `METHOD /path` and status.
 * Paths are the contract's (without `/v1`), e.g. `contractErrors("GET", "/contacts/{id}", 200, body)`.
 * Returns the list of problems (empty when valid); throws when the contract has no such response.
 */
export function contractErrors(method: string, path: string, status: number, body: unknown): string[] {
  const key = `${method} ${path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const { doc, ajv } = load();
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the contract has no operation ${method} ${path}`);
    let response = operation.responses?.[String(status)];
    if (response && "$ref" in response) {
      const name = response.$ref.split("/").pop() ?? "";
      response = doc.components.responses?.[name];
    }
    const schema = (response as ResponseObject | undefined)?.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`the contract defines no JSON body for ${key}`);
    validate = ajv.compile(rebase(schema) as object);
    validators.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}

/** Same, against a named component schema, e.g. `schemaErrors("Contact", body.data)`. */
export function schemaErrors(name: string, value: unknown): string[] {
  const key = `#${name}`;
  let validate = validators.get(key);
  if (!validate) {
    const { ajv } = load();
    validate = ajv.compile({ $ref: `contract#/components/schemas/${name}` });
    validators.set(key, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
