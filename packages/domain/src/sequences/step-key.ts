import { z } from "zod";

/** A step's name within its sequence, which other steps point at; kept across versions. */
export const StepKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '-' and '.' only");
