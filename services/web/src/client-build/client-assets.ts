import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@relay/service-kit";
import { buildClient } from "./build-client.js";
import { type CachedBuild, cachedBuild } from "./cached-build.js";
import { CLIENT_SOURCE_DIR } from "./vite-config.js";

/** The built app, held in memory: its page, and its hashed files by name (`/app/assets/<name>`). */
export interface ClientAssets {
  page: string;
  files: Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>;
}

// From source (tsx, tests) this module is a .ts file; compiled, it is inside dist/main.js.
const RUNNING_FROM_SOURCE = import.meta.url.endsWith(".ts");
/** Once compiled: the app `pnpm build` wrote beside the bundle (dist/client). */
const PREBUILT_DIR = fileURLToPath(new URL("./client/", import.meta.url));
const WEB_DIR = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The app web serves. From source, a Vite build cached by the hash of the app's sources, Vite's
 * configuration and the lockfile, so only the first start after a change pays for the build;
 * compiled (the image), the build `pnpm build` shipped.
 */
export async function loadClientAssets(logger: Logger): Promise<ClientAssets> {
  if (!RUNNING_FROM_SOURCE) return readClientAssets(PREBUILT_DIR);
  const started = performance.now();
  const build = await cachedClientBuild();
  const ms = Math.round(performance.now() - started);
  logger.info({ key: build.key, ms }, build.built ? "app built with vite" : "app read from the build cache");
  return readClientAssets(build.dir);
}

/** The app's build from source, made once per change (also called ahead by the e2e tests' setup). */
export function cachedClientBuild(): Promise<CachedBuild> {
  return cachedBuild({
    sources: CLIENT_SOURCE_DIR,
    alsoKeyedBy: [
      join(WEB_DIR, "src/client-build/vite-config.ts"),
      join(WEB_DIR, "package.json"),
      join(WEB_DIR, "../../pnpm-lock.yaml"),
    ],
    cacheRoot: join(WEB_DIR, "node_modules/.cache/relay-web"),
    build: (outDir) => buildClient(outDir),
  });
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** Reads a Vite build's output (`index.html`, `assets/*`) into memory. */
export async function readClientAssets(dir: string): Promise<ClientAssets> {
  const page = await readFile(join(dir, "index.html"), "utf8");
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  for (const name of await readdir(join(dir, "assets"))) {
    const type = TYPES[extname(name)] ?? "application/octet-stream";
    files.set(name, { body: await readFile(join(dir, "assets", name)), type });
  }
  return { page, files };
}
