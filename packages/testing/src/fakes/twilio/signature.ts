import { createHmac } from "node:crypto";

/** Form parameters as Twilio posts them: one value per name, or several for repeated names. */
export type FormParams = Record<string, string | string[]>;

/**
 * X-Twilio-Signature, computed as Twilio does: HMAC-SHA1 keyed with the account's auth token
 * over the full URL (with its query string) followed by every POST parameter, sorted by name,
 * as name + value (repeated names: each value, sorted); base64.
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? "";
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const one of values) data += name + one;
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf-8")).digest("base64");
}

/** Encodes params as `application/x-www-form-urlencoded` (repeated names for arrays). */
export function encodeForm(params: FormParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form.toString();
}

/** Decodes a form body; names that repeat (Twilio's `MediaUrl`) keep every value. */
export function decodeForm(body: string): FormParams {
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else params[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** All values of a form param, in the order sent. */
export function formValues(params: FormParams, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first value of a form param. */
export function formValue(params: FormParams, name: string): string | undefined {
  return formValues(params, name)[0];
}
