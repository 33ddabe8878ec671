import fc from "fast-check";
import type { OrgResources } from "./fixtures.js";
import { toJsonText } from "./json-text.js";
import { anyString, JUNK_IDS, junkBodyText, junkValue } from "./junk.js";
import { FuzzRequest, percentEncode } from "./requests.js";

/**
 * The public routes outside the OpenAPI document: provider webhooks (signed by the provider,
 * no API key) and one-click unsubscribe links. Their bodies are junk or nearly right; a
 * signature is always present (and wrong), so lookups run before the signature is refused.
 */
export interface PublicRoute {
  label: string;
  requests: fc.Arbitrary<FuzzRequest>;
}

const TWILIO_FIELDS = [
  "To",
  "From",
  "AccountSid",
  "MessageSid",
  "CallSid",
  "Body",
  "MessageStatus",
  "CallStatus",
  "NumMedia",
  "MediaUrl0",
  "RecordingUrl",
  "RecordingDuration",
  "DialCallStatus",
];

function twilioForm(own: OrgResources): fc.Arbitrary<string> {
  const value = (name: string) =>
    fc.oneof(
      fc.constantFrom(
        name === "AccountSid"
          ? `AC${"0".repeat(32)}`
          : name.endsWith("Sid")
            ? `SM${"a".repeat(32)}`
            : own.phone,
      ),
      anyString.map(percentEncode),
      fc.constantFrom("%00", "1e400", "-1", "", "%ED%A0%80"),
    );
  const fields = TWILIO_FIELDS.map((name) =>
    fc.option(
      value(name).map((v) => `${name}=${v}`),
      { freq: 3 },
    ),
  );
  return fc
    .tuple(...fields)
    .map((pairs) => pairs.filter((p): p is string => typeof p === "string").join("&"));
}

// Well-formed but wrong, so the routes look their channel up before refusing the signature.
const signature = fc.constantFrom("bm90LWEtc2lnbmF0dXJl", `sha256=${"0".repeat(64)}`, "x");

export function publicRoutes(own: OrgResources): PublicRoute[] {
  const form = (path: string): PublicRoute => ({
    label: `POST ${path}`,
    requests: fc
      .tuple(fc.oneof({ weight: 4, arbitrary: twilioForm(own) }, junkBodyText), signature)
      .map(
        ([body, sig]) =>
          new FuzzRequest(
            "POST",
            path,
            { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
            body,
          ),
      ),
  });
  const metaBody = fc
    .record({ phone: fc.oneof(fc.constant("14155550180"), anyString), junk: junkValue })
    .map(({ phone, junk }) =>
      toJsonText({
        object: "whatsapp_business_account",
        entry: [{ changes: [{ value: { metadata: { phone_number_id: phone }, messages: [junk] } }] }],
      }),
    );
  const token = fc.oneof(fc.constantFrom(...JUNK_IDS), anyString.map(percentEncode));
  return [
    ...["/webhooks/twilio/sms", "/webhooks/twilio/status", "/webhooks/twilio/voice"].map(form),
    ...[
      "/webhooks/twilio/voice/status",
      "/webhooks/twilio/voice/recording",
      "/webhooks/twilio/voice/dial",
    ].map(form),
    {
      label: "GET /webhooks/whatsapp",
      requests: fc
        .tuple(token, token)
        .map(
          ([verify, challenge]) =>
            new FuzzRequest(
              "GET",
              `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${verify}&hub.challenge=${challenge}`,
              {},
            ),
        ),
    },
    {
      label: "POST /webhooks/whatsapp",
      requests: fc
        .tuple(fc.oneof({ weight: 3, arbitrary: metaBody }, junkBodyText), signature)
        .map(
          ([body, sig]) =>
            new FuzzRequest(
              "POST",
              "/webhooks/whatsapp",
              { "content-type": "application/json", "x-hub-signature-256": sig },
              body,
            ),
        ),
    },
    {
      label: "GET /webhooks/email/attachments/{id}",
      requests: token.map((id) => new FuzzRequest("GET", `/webhooks/email/attachments/${id}`, {})),
    },
    {
      label: "GET /unsubscribe/{token}",
      requests: token.map((t) => new FuzzRequest("GET", `/unsubscribe/${t}`, {})),
    },
    {
      label: "POST /unsubscribe/{token}",
      requests: token.map(
        (t) =>
          new FuzzRequest(
            "POST",
            `/unsubscribe/${t}`,
            { "content-type": "application/x-www-form-urlencoded" },
            "List-Unsubscribe=One-Click",
          ),
      ),
    },
  ];
}
