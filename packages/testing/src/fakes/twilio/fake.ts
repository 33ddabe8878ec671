import { setMaxListeners } from "node:events";
import { waitFor } from "../../wait-for.js";
import { twilioApiHandler } from "./api-handler.js";
import { contactSide } from "./contact-side.js";
import { runDelivery } from "./delivery.js";
import { type TwilioApiError, twilioErrors } from "./errors.js";
import type {
  CallbackDelivery,
  InjectedFailure,
  RunningTwilioFake,
  TwilioFake,
  TwilioFakeOptions,
} from "./fake-types.js";
import { listen } from "./http-server.js";
import { newSid } from "./ids.js";
import { type DeliveryOutcome, magicOutcome } from "./magic-numbers.js";
import type { MessageRequest } from "./message-request.js";
import { countSegments, type FakeMessage } from "./message-resource.js";
import { type FormParams, twilioSignature } from "./signature.js";
import { postSigned } from "./webhook-client.js";

const injected: Record<InjectedFailure, () => TwilioApiError> = {
  429: twilioErrors.tooManyRequests,
  500: twilioErrors.internal,
  503: twilioErrors.serviceUnavailable,
};

/** Builds a Twilio fake without listening; `startTwilioFake` serves it on a port. */
export function createTwilioFake(options: TwilioFakeOptions): TwilioFake {
  const messages: FakeMessage[] = [];
  const callbacks: CallbackDelivery[] = [];
  const failures: InjectedFailure[] = [];
  const outcomes = new Map<string, DeliveryOutcome>();
  let responseDelayMs = 0;
  // One signal cancels every in-flight callback sequence on reset/close, so it has many listeners.
  const newPending = () => {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  };
  let pending = newPending();
  const log = options.log ?? (() => {});

  const authTokenFor = (accountSid: string): string => {
    const token = options.accounts[accountSid];
    if (token === undefined) throw new Error(`the Twilio fake has no account ${accountSid}`);
    return token;
  };

  const notify = (accountSid: string, signal: AbortSignal) => async (url: string, params: FormParams) => {
    const authToken = authTokenFor(accountSid);
    const signature = twilioSignature(authToken, new URL(url).href, params);
    const delivery: CallbackDelivery = { url, params, signature, at: new Date() };
    try {
      delivery.status = (await postSigned(url, params, { authToken, signature })).status;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    if (!signal.aborted) callbacks.push(delivery);
  };

  const deliver = (message: FakeMessage) => {
    const outcome = magicOutcome(message.to) ??
      outcomes.get(message.to) ??
      options.defaultOutcome ?? { status: "delivered" as const };
    const signal = pending.signal;
    const context = {
      delayMs: options.statusDelayMs ?? 5,
      signal,
      notify: notify(message.accountSid, signal),
    };
    void runDelivery(message, outcome, context).then(
      () => {
        if (!context.signal.aborted)
          log(
            `status   ${message.sid} ${message.status}${message.errorCode ? ` (${message.errorCode})` : ""}`,
          );
      },
      (error: unknown) => log(`status   ${message.sid} stopped: ${String(error)}`),
    );
  };

  const record = (accountSid: string, request: MessageRequest, direction: FakeMessage["direction"]) => {
    const now = new Date();
    const body = request.body ?? "";
    const message: FakeMessage = {
      to: request.to,
      from: request.from,
      messagingServiceSid: request.messagingServiceSid,
      mediaUrls: request.mediaUrls,
      statusCallback: request.statusCallback,
      sid: newSid(request.mediaUrls.length > 0 ? "MM" : "SM"),
      accountSid,
      body,
      direction,
      status: request.messagingServiceSid ? "accepted" : "queued",
      numSegments: request.mediaUrls.length > 0 ? 1 : countSegments(body),
      dateCreated: now,
      dateUpdated: now,
    };
    messages.push(message);
    const media = message.mediaUrls.length > 0 ? ` [${message.mediaUrls.length} media]` : "";
    log(
      `sms out  ${message.sid} ${message.from ?? message.messagingServiceSid} → ${message.to}: ${JSON.stringify(body)}${media}`,
    );
    deliver(message);
    return message;
  };

  const contact = contactSide({
    authTokenFor,
    log,
    recordReply: (accountSid, reply, inbound) =>
      record(
        accountSid,
        {
          to: reply.to ?? inbound.from,
          from: reply.from ?? inbound.to,
          body: reply.body,
          mediaUrls: reply.mediaUrls,
        },
        "outbound-reply",
      ),
  });

  return {
    messages,
    callbacks,
    handle: twilioApiHandler({
      accounts: options.accounts,
      takeInjectedFailure: () => {
        const status = failures.shift();
        return status === undefined ? undefined : injected[status]();
      },
      createMessage: (accountSid, request) => record(accountSid, request, "outbound-api"),
      findMessage: (accountSid, sid) => messages.find((m) => m.sid === sid && m.accountSid === accountSid),
      listMessages: (accountSid) => messages.filter((m) => m.accountSid === accountSid).reverse(),
      responseDelayMs: () => responseDelayMs,
    }),
    authTokenFor,
    waitForMessage: (predicate, timeoutMs = 5_000) =>
      waitFor(() => messages.find(predicate), {
        timeoutMs,
        intervalMs: 5,
        description: "a message sent to the Twilio fake",
      }),
    waitForCallback: (predicate, timeoutMs = 5_000) =>
      waitFor(() => callbacks.find(predicate), {
        timeoutMs,
        intervalMs: 5,
        description: "a Twilio status callback",
      }),
    failNext: (count, status = 429) => {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    delayResponses: (ms) => {
      responseDelayMs = ms;
    },
    setDeliveryOutcome: (to, outcome) => {
      if (outcome) outcomes.set(to, outcome);
      else outcomes.delete(to);
    },
    reset: () => {
      pending.abort();
      pending = newPending();
      messages.length = 0;
      callbacks.length = 0;
      failures.length = 0;
      outcomes.clear();
      responseDelayMs = 0;
    },
    ...contact,
    postSigned,
    close: () => pending.abort(),
  };
}

/** Starts a Twilio fake on `options.port` (default: a free port) of 127.0.0.1. */
export async function startTwilioFake(options: TwilioFakeOptions): Promise<RunningTwilioFake> {
  const fake = createTwilioFake(options);
  const server = await listen(fake.handle, options.port ?? 0, options.host);
  return Object.assign(fake, {
    url: server.url,
    port: server.port,
    stop: async () => {
      fake.close();
      await server.close();
    },
  });
}
