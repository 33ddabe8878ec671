import { z } from "zod";

/** Whippy's Activepieces piece sends every filter it has, empty when unset: empty is absent. */
export const unlessBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
