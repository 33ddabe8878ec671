/** PostgreSQL error introspection, so services can turn constraint violations into field errors. */
function pgError(error: unknown): { code?: unknown; constraint?: unknown } | undefined {
  return error && typeof error === "object" ? (error as { code?: unknown; constraint?: unknown }) : undefined;
}

/** The constraint a unique violation (23505) broke, or undefined when `error` is something else. */
export function uniqueViolation(error: unknown): string | undefined {
  const pg = pgError(error);
  return pg?.code === "23505" && typeof pg.constraint === "string" ? pg.constraint : undefined;
}
