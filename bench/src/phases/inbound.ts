import { randomBytes, randomUUID } from "node:crypto";
import { encodeForm, type FormParams, twilioSignature } from "@relay/testing";
import { drive, type LoadRequest } from "../load.js";
import { perSecond, summarize } from "../stats.js";
import { recipient } from "./accept-baseline.js";
import {
  BENCH_TWILIO,
  type BenchContext,
  firstErrors,
  metered,
  type PhaseResult,
  progress,
} from "./context.js";
import { until } from "./provider-log.js";

/**
 * Signed inbound-SMS webhooks through the gateway, as Twilio posts them, by the same load
 * generator; then until every message is stored in conversations.
 */
export async function runInbound(ctx: BenchContext): Promise<PhaseResult> {
  const p = ctx.parameters;
  const url = new URL("/webhooks/twilio/sms", ctx.gatewayUrl).href;
  const before = await ctx.observer.countInbound();
  const errors: string[] = [];
  let acked = 0;
  let stored = 0;
  const stop = progress(ctx.log, () => `inbound: ${acked}/${p.webhooks} acknowledged, ${stored} stored`);
  const { value, cpu, elapsedMs } = await metered(ctx.sampler, ctx.stackScope, async () => {
    const run = await drive(
      ctx.gatewayUrl,
      p.webhooks,
      p.concurrency,
      (i) =>
        signedWebhook(url, {
          from: recipient(i % p.senders, "+1415888"),
          to: ctx.channels[i % ctx.channels.length] ?? "",
          body: `inbound ${ctx.runId} ${i}`,
        }),
      (r) => {
        if (r.status === 200) acked++;
        else firstErrors(errors, `${r.status} ${r.body}`);
      },
    );
    const all = await until(
      async () => {
        stored = (await ctx.observer.countInbound()) - before;
        return stored >= acked;
      },
      120_000,
      100,
    );
    return { run, all, lastStoredAt: await ctx.observer.lastInboundAt() };
  }).finally(stop);
  const ok = value.run.results.filter((r) => r.status === 200);
  return {
    path: "inbound",
    offered: p.webhooks,
    accepted: ok.length,
    errors,
    rate: perSecond(ok.length, value.run.elapsedMs),
    latency: summarize(ok.map((r) => r.ms)),
    storedAfterLastAckMs: value.lastStoredAt - value.run.lastAt,
    incomplete: value.all ? undefined : `${stored} of ${ok.length} stored within 120 s`,
    cpu,
    elapsedMs,
  };
}

/** Twilio's inbound-SMS params, form-encoded and signed over the URL the gateway is called at. */
function signedWebhook(url: string, sms: { from: string; to: string; body: string }): LoadRequest {
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const params: FormParams = {
    ToCity: "",
    ToState: "",
    ToZip: "",
    ToCountry: "US",
    FromCity: "",
    FromState: "",
    FromZip: "",
    FromCountry: "US",
    AccountSid: BENCH_TWILIO.sid,
    ApiVersion: "2010-04-01",
    Body: sms.body,
    From: sms.from,
    MessageSid: sid,
    NumMedia: "0",
    NumSegments: "1",
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: "received",
    To: sms.to,
  };
  return {
    method: "POST",
    path: new URL(url).pathname,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "*/*",
      "user-agent": "TwilioProxy/1.1",
      "i-twilio-idempotency-token": randomUUID(),
      "x-twilio-signature": twilioSignature(BENCH_TWILIO.token, url, params),
    },
    body: encodeForm(params),
  };
}
