/** The part of an OpenAPI 3.0 document the fuzz reads: operations, parameters, JSON bodies. */
export interface Schema {
  $ref?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: Schema;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDocument {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** The path as the document names it, e.g. `/contacts/{id}`. */
  template: string;
  /** Where the path sits: `/v1` for the API, `` for `/admin`. */
  base: string;
  /** Authenticated with the operator's token rather than an API key. */
  admin: boolean;
  parameters: Parameter[];
  body?: Schema;
}

const pathOf = (url: string) => new URL(url).pathname.replace(/\/+$/, "");

/**
 * The API-key and admin operations. Keyless ones (`security: []`, e.g. the tracked links at
 * `/l/{code}`) are public pages answered for browsers, not API operations: left out here.
 */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const apiBase = pathOf(doc.servers[0]?.url ?? "http://x/v1");
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => op.security === undefined || op.security.length > 0)
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        base: op.servers?.[0] ? pathOf(op.servers[0].url) : apiBase,
        admin: (op.security ?? []).some((s) => "AdminToken" in s),
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema,
      })),
  );
}

/** Follows `$ref`s into `components/schemas`. */
export function resolverOf(doc: OpenApiDocument): (schema: Schema) => Schema {
  return (schema) => {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      const name = current.$ref.replace("#/components/schemas/", "");
      const target = doc.components.schemas[name];
      if (!target) throw new Error(`unresolved $ref ${current.$ref}`);
      current = target;
    }
    return current;
  };
}
