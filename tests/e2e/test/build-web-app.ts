import { cachedClientBuild } from "@relay/web/client-build";

/**
 * Vitest globalSetup: builds web's app once before the test files start stacks in parallel, so
 * none of them pays for (or races on) the first build after a change (decision 42).
 */
export default async function buildWebApp(): Promise<void> {
  await cachedClientBuild();
}
