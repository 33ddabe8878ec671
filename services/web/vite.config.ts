import { defineConfig } from "vite";
import { clientViteConfig } from "./src/client-build/vite-config.js";

/** `pnpm --filter @relay/web dev`: the app with hot reload, its API calls sent to a running stack. */
const stack = process.env.RELAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig(async () => ({
  ...(await clientViteConfig()),
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: {
      "/app/api": { target: stack, changeOrigin: true },
      "/v1": { target: stack, changeOrigin: true },
    },
  },
}));
