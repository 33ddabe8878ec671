import { defineConfig } from "vite";
import { clientViteConfig } from "./src/client-build/vite-config.js";

/**
 * `pnpm --filter @relay/web dev`: the app with hot reload, its API calls sent to a running stack:
 * as for `pnpm reset-password`, RELAY_URL, else the gateway `pnpm start` runs (GATEWAY_PORT).
 */
const stack = process.env.RELAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8080}`;

export default defineConfig(async () => ({
  ...(await clientViteConfig()),
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: {
      // A pattern, not a prefix: the app's own module /app/api.ts must stay Vite's.
      "^/app/api(/|$)": { target: stack, changeOrigin: true },
      "/v1": { target: stack, changeOrigin: true },
    },
  },
}));
