import { clientViteConfig } from "./vite-config.js";

/**
 * Builds the app with Vite into `outDir`: `index.html` and hashed files under `assets/`.
 * Vite is imported here, when a build runs, so the compiled image (which ships the built app and
 * installs production dependencies only) never loads it.
 */
export async function buildClient(outDir: string, root?: string): Promise<void> {
  const { build } = await import("vite");
  const config = await clientViteConfig(root);
  await build({
    ...config,
    logLevel: "warn",
    build: { ...config.build, outDir, emptyOutDir: true },
  });
}
