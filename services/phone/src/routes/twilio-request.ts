import { type AppEnv, refuseUnstorable } from "@relay/service-kit";
import type { Context } from "hono";
import type { SignedRequest } from "../services/authenticate-webhook.js";
import { decodeForm } from "../twilio/form.js";

/**
 * A Twilio webhook as signed: Twilio signs the public URL it called, so the URL is rebuilt from
 * PUBLIC_BASE_URL + this request's path and query (the gateway forwards them unchanged).
 */
export async function readSignedRequest(c: Context<AppEnv>, publicBaseUrl: string): Promise<SignedRequest> {
  const { pathname, search } = new URL(c.req.url);
  const params = decodeForm(await c.req.text());
  // Before any lookup: a NUL in a parameter is a 422 naming it, not a query PostgreSQL refuses.
  refuseUnstorable(params);
  return {
    url: `${publicBaseUrl}${pathname}${search}`,
    params,
    signature: c.req.header("x-twilio-signature"),
  };
}

/** Answers with a TwiML document. */
export function twiml(c: Context<AppEnv>, xml: string): Response {
  return c.body(xml, 200, { "content-type": "text/xml; charset=utf-8" });
}
