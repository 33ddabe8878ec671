import type { AppEnv } from "@relay/service-kit";
import type { Context } from "hono";
import type { SignedRequest } from "../services/authenticate-webhook.js";
import { decodeForm } from "../twilio/form.js";

/**
 * A Twilio webhook as signed: Twilio signs the public URL it called, so the URL is rebuilt from
 * PUBLIC_BASE_URL + this request's path and query (the gateway forwards them unchanged).
 */
export async function readSignedRequest(c: Context<AppEnv>, publicBaseUrl: string): Promise<SignedRequest> {
  const { pathname, search } = new URL(c.req.url);
  return {
    url: `${publicBaseUrl}${pathname}${search}`,
    params: decodeForm(await c.req.text()),
    signature: c.req.header("x-twilio-signature"),
  };
}

/** Answers with a TwiML document. */
export function twiml(c: Context<AppEnv>, xml: string): Response {
  return c.body(xml, 200, { "content-type": "text/xml; charset=utf-8" });
}
