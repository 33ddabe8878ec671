import pg from "pg";

/**
 * A PostgreSQL error that only a client's data can cause: SQLSTATE class 22 (data exception:
 * invalid text for a type, out of range, NUL byte, too long…) or 54001 (statement too complex,
 * e.g. nesting too deep). Looked for through `cause`s, since services may wrap it.
 */
export function clientDataError(error: unknown): pg.DatabaseError | undefined {
  let current: unknown = error;
  for (let hops = 0; current instanceof Error && hops < 5; hops++) {
    if (current instanceof pg.DatabaseError && isClientDataCode(current.code)) return current;
    current = current.cause;
  }
  return undefined;
}

const isClientDataCode = (code: string | undefined) =>
  code !== undefined && (code.startsWith("22") || code === "54001");
