import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { InlineConfig, Plugin } from "vite";

const WEB_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Where the app's sources live: Vite's root, with index.html as its entry. */
export const CLIENT_SOURCE_DIR = fileURLToPath(new URL("../client/", import.meta.url));

/**
 * The one Vite configuration of the app, for builds (at start, `pnpm build`) and the dev server.
 * Served under `/app/`; the page stays free of inline scripts, so it runs under web's CSP.
 * The plugin is imported when asked for: the compiled image has no build tools installed.
 */
export async function clientViteConfig(root = CLIENT_SOURCE_DIR): Promise<InlineConfig> {
  const { default: react } = await import("@vitejs/plugin-react");
  return {
    configFile: false,
    root,
    base: "/app/",
    publicDir: false,
    cacheDir: `${WEB_DIR}node_modules/.vite`,
    plugins: [react(), sourcesStayInRoot(root)],
    build: {
      // Every browser we serve has modulepreload; the polyfill would only add bytes.
      modulePreload: { polyfill: false },
      // One bundle of the whole app (about 0.8 MB, 0.25 MB gzipped) is expected, not a warning.
      chunkSizeWarningLimit: 2048,
    },
  };
}

/**
 * The build cache is keyed by the files under the root (and the lockfile): a module loaded from
 * elsewhere in the workspace would escape the key, so it fails the build instead.
 * Type-only imports (`import type` from `@relay/domain`) are erased before this sees them.
 */
function sourcesStayInRoot(root: string): Plugin {
  return {
    name: "relay-sources-stay-in-root",
    apply: "build",
    buildEnd() {
      for (const id of this.getModuleIds()) {
        if (id.startsWith("\0") || id.includes("/node_modules/")) continue;
        const path = id.split("?")[0] ?? id;
        if (relative(root, path).startsWith(".."))
          this.error(
            `${path} is outside the app's sources (${root}), so the build cache would not see it change`,
          );
      }
    },
  };
}
