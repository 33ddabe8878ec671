import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const CLIENT_DIR = fileURLToPath(new URL("./client/", import.meta.url));

/**
 * Bundles the app (React, TanStack Query, our screens) in memory with esbuild, once at start:
 * a fraction of a second, so `pnpm start`, the tests and the image need no separate build step.
 */
export async function buildClient(): Promise<Map<string, { body: string; type: string }>> {
  const result = await build({
    entryPoints: [`${CLIENT_DIR}main.tsx`],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    outdir: "/assets",
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".css": "css" },
    logLevel: "silent",
  });
  const assets = new Map<string, { body: string; type: string }>();
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf("/") + 1);
    const type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    assets.set(name, { body: file.text, type });
  }
  return assets;
}
