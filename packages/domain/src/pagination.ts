import { z } from "zod";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** PostgreSQL's int4: no integer the API takes is larger. */
export const MAX_INT4 = 2_147_483_647;
export const MAX_OFFSET = MAX_INT4;

/** `limit` and `offset` in a JSON body (searches). */
export const Limit = z.int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT);
export const Offset = z.int().min(0).max(MAX_OFFSET).default(0);

/** `limit` (default 50, max 500) and `offset` (default 0), as the contract's list parameters. */
export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(MAX_OFFSET).default(0),
});
export type Pagination = z.infer<typeof Pagination>;

/** A query filter Whippy's Activepieces piece sends empty when unset: empty is absent. */
export const unlessBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * A repeatable query parameter (`status[]=open&status[]=closed`, or `status=open` once) as a list.
 * Read as a list first, so a bad value's 422 names it and says why (`query.status.0: Invalid
 * option: expected one of …`), not zod's bare "Invalid input" for a union.
 */
export const oneOrMany = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) => (value === undefined || Array.isArray(value) ? value : [value]),
    z.array(item).max(max),
  );

/** The contract's list envelope `{data, total}`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), total: z.number().int() });
}

export function dataOf<T extends z.ZodType>(item: T) {
  return z.object({ data: item });
}
