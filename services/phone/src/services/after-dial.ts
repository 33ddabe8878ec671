import type { PhoneDeps } from "../deps.js";
import { hangupTwiml, voicemailTwiml } from "../twilio/twiml.js";
import type { DialParams } from "../twilio/webhook-params.js";

const CONNECTED = new Set(["completed", "answered"]);

/** How a forwarded call ended decides what comes next: done, or greeting + voicemail. */
export function afterDial(deps: Pick<PhoneDeps, "settings">, dial: DialParams): string {
  if (CONNECTED.has(dial.DialCallStatus.toLowerCase())) return hangupTwiml();
  const { publicBaseUrl, voiceGreeting } = deps.settings;
  return voicemailTwiml({
    greeting: voiceGreeting,
    action: `${publicBaseUrl}/webhooks/twilio/voice/recording`,
  });
}
