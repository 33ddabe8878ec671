import type { z } from "zod";

/** Parses a sandbox process's env (empty means unset); throws one line naming the first bad variable. */
export function loadSandboxEnv<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.output<T> {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${issue?.path.join(".") ?? "env"}: ${issue?.message ?? "invalid"}`);
}
