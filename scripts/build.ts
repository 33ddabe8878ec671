/**
 * `pnpm build`: one JavaScript bundle per service of the topology, `services/<name>/dist/main.js`
 * (the workspace's own TypeScript packages compiled in; third-party packages stay imports, so
 * the image installs only production dependencies). The Dockerfile runs these with plain node;
 * development keeps tsx. Type errors are `pnpm typecheck`'s business, not this one's.
 * Web also ships its app, built by Vite into `services/web/dist/client` (decision 42).
 */
import { build } from "esbuild";
import { buildClient } from "../services/web/src/client-build/build-client.js";
import { entryOf, SERVICES } from "../topology/index.js";

for (const service of SERVICES) {
  await build({
    entryPoints: [entryOf(service.name)],
    outfile: `services/${service.name}/dist/main.js`,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    logLevel: "warning",
    plugins: [
      {
        name: "external-dependencies",
        setup(b) {
          // Bare imports that are not ours stay imports; @relay/* is compiled in.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith("@relay/") ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  console.log(`built services/${service.name}/dist/main.js`);
}
await buildClient(new URL("../services/web/dist/client/", import.meta.url).pathname);
console.log("built services/web/dist/client");
