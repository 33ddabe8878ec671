/**
 * Local stand-ins for the providers, run by `pnpm start` before the services (so sandbox
 * channels can send and receive with no account anywhere). Never part of a production stack.
 */
export interface SandboxNode {
  name: string;
  /** The launcher's setting for its HTTP (control) port, and the default. */
  setting: string;
  port: number;
  entry: string;
}

export const SANDBOXES = [
  {
    name: "twilio-sandbox",
    setting: "TWILIO_SANDBOX_PORT",
    port: 8090,
    entry: "packages/testing/src/fakes/twilio/sandbox-main.ts",
  },
  {
    name: "smtp-sandbox",
    setting: "SMTP_SANDBOX_CONTROL_PORT",
    port: 8091,
    entry: "packages/testing/src/fakes/smtp/sandbox-main.ts",
  },
  {
    name: "wa-sandbox",
    setting: "WHATSAPP_SANDBOX_PORT",
    port: 8092,
    entry: "packages/testing/src/fakes/whatsapp/sandbox-main.ts",
  },
] as const satisfies readonly SandboxNode[];

/** The SMTP sandbox's mail port (what sandbox email channels send to). */
export const SMTP_SANDBOX_MAIL = { setting: "SMTP_SANDBOX_PORT", port: 2525 } as const;
