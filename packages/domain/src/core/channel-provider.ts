import { z } from "zod";

export const ChannelType = z.enum(["phone", "email", "whatsapp"]);
export type ChannelType = z.infer<typeof ChannelType>;

export const ChannelProvider = z.enum(["twilio", "smtp", "whatsapp_cloud", "sandbox"]);
export type ChannelProvider = z.infer<typeof ChannelProvider>;

/** Which providers can carry which channel type; `sandbox` (no provider calls) is the default. */
export const PROVIDERS_BY_TYPE = {
  phone: ["twilio", "sandbox"],
  email: ["smtp", "sandbox"],
  whatsapp: ["whatsapp_cloud", "sandbox"],
} as const satisfies Record<ChannelType, readonly ChannelProvider[]>;

const Secret = z.string().min(1).max(1000);

export const TwilioCredentials = z.strictObject({
  account_sid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio account SID (AC followed by 32 hex characters)"),
  auth_token: Secret,
});
export type TwilioCredentials = z.infer<typeof TwilioCredentials>;

export const SmtpCredentials = z
  .strictObject({
    host: z.string().trim().min(1).max(255),
    port: z.int().min(1).max(65535),
    /** TLS from the first byte (port 465); false means STARTTLS when offered. */
    secure: z.boolean().default(false),
    user: Secret.optional(),
    password: Secret.optional(),
  })
  .refine((c) => (c.user === undefined) === (c.password === undefined), {
    message: "user and password go together",
    path: ["password"],
  });
export type SmtpCredentials = z.infer<typeof SmtpCredentials>;

export const WhatsAppCloudCredentials = z.strictObject({
  phone_number_id: z.string().trim().min(1).max(100),
  access_token: Secret,
  /** Verifies `X-Hub-Signature-256` on webhooks. */
  app_secret: Secret,
  /** Echoed back in the webhook subscription handshake. */
  verify_token: Secret,
});
export type WhatsAppCloudCredentials = z.infer<typeof WhatsAppCloudCredentials>;

export const SandboxCredentials = z.strictObject({});

export const CREDENTIALS_BY_PROVIDER = {
  twilio: TwilioCredentials,
  smtp: SmtpCredentials,
  whatsapp_cloud: WhatsAppCloudCredentials,
  sandbox: SandboxCredentials,
} as const satisfies Record<ChannelProvider, z.ZodType>;

/** A channel's provider with its parsed credentials: what adapters receive. */
export const ChannelCredentials = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("twilio"), credentials: TwilioCredentials }),
  z.object({ provider: z.literal("smtp"), credentials: SmtpCredentials }),
  z.object({ provider: z.literal("whatsapp_cloud"), credentials: WhatsAppCloudCredentials }),
  z.object({ provider: z.literal("sandbox"), credentials: SandboxCredentials }),
]);
export type ChannelCredentials = z.infer<typeof ChannelCredentials>;
