import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import type * as HttpResponse from "twilio/lib/http/response.js";

type RequestClientOptions = RequestClient.RequestClientOptions;

/** Where the library's `https://*.twilio.com/...` URL goes instead: same path and query under `baseUrl`. */
export function rebaseTwilioUrl(uri: string, baseUrl: string): string {
  const url = new URL(uri);
  if (url.hostname !== "twilio.com" && !url.hostname.endsWith(".twilio.com")) return uri;
  const base = new URL(baseUrl);
  return `${base.origin}${base.pathname.replace(/\/$/, "")}${url.pathname}${url.search}`;
}

/**
 * The twilio library's own HTTP client (auth, form encoding, retries on 429 with `autoRetry`),
 * sending every request for `*.twilio.com` to `baseUrl` instead (a fake, a proxy, a mock server).
 */
export class RebasedRequestClient extends twilio.RequestClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, options?: RequestClientOptions) {
    super(options);
    this.baseUrl = baseUrl;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<HttpResponse.default<TData>> {
    return super.request({ ...opts, uri: rebaseTwilioUrl(opts.uri, this.baseUrl) });
  }
}

export interface TwilioClientForOptions {
  /** Retry 429 answers with exponential backoff (the library's own `autoRetry`). */
  autoRetry?: boolean;
  maxRetries?: number;
  maxRetryDelay?: number;
  timeout?: number;
}

/** A real `twilio` client whose requests go to the Twilio fake (or any Twilio-compatible base URL). */
export function twilioClientFor(
  baseUrl: string,
  accountSid: string,
  authToken: string,
  options: TwilioClientForOptions = {},
): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new RebasedRequestClient(baseUrl, options) });
}
