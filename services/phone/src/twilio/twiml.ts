import twilio from "twilio";

/** TwiML documents, built with the twilio library so they are always well-formed. */

/** Built once: every messaging webhook answers it (building it was ~3% of phone's time under load). */
const EMPTY_MESSAGING_RESPONSE = new twilio.twiml.MessagingResponse().toString();

export function emptyTwiml(): string {
  return EMPTY_MESSAGING_RESPONSE;
}

export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

/** Rings every number at once; the `action` URL hears how the dial ended. */
export function dialTwiml(numbers: readonly string[], options: { timeoutSeconds: number; action: string }) {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({ timeout: options.timeoutSeconds, action: options.action, method: "POST" });
  for (const number of numbers) dial.number(number);
  return response.toString();
}

/** The greeting, then a voicemail of up to two minutes posted to `action`. */
export function voicemailTwiml(options: { greeting: string; action: string }): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(options.greeting);
  response.record({ action: options.action, method: "POST", maxLength: 120, playBeep: true });
  return response.toString();
}
