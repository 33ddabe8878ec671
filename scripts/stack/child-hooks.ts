/**
 * Loaded into every process `pnpm start` launches (`node --import …/child-hooks.ts`), so the
 * services themselves know nothing of the launcher. It talks to the launcher over the IPC
 * channel the launcher opened (see processes.ts); run without one, it does nothing.
 */
import { Server } from "node:net";

/** How long a service orphaned by its launcher may take to stop on its own before it exits anyway. */
const ORPHAN_GRACE_MS = 15_000;

if (process.send) {
  // Report each port once it is bound: the launcher probes /readyz only then, as a connect to a
  // port nothing holds yet may, in the ephemeral range, connect to itself and hold the port.
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    this.once("listening", () => {
      const address = this.address();
      if (process.connected && address && typeof address === "object")
        process.send?.({ type: "listening", port: address.port });
    });
    return listen.apply(this, args as Parameters<typeof listen>);
  } as typeof listen;

  // The channel closes when the launcher is gone, however it died (even kill -9): stop as on
  // SIGTERM (each service's own clean shutdown), and exit for sure after a grace period.
  process.once("disconnect", () => {
    setTimeout(() => process.exit(1), ORPHAN_GRACE_MS).unref();
    process.kill(process.pid, "SIGTERM");
  });
  // The channel must not keep a service alive that would otherwise exit.
  process.channel?.unref();
}
