import twilio from "twilio";
import { BaseUrlRequestClient } from "./base-url-client.js";
import { TwilioMessageApi } from "./message-api.js";

/** Where and as whom to call Twilio for one channel. */
export interface TwilioAccount {
  apiUrl: string;
  accountSid: string;
  authToken: string;
}

const MAX_CLIENTS = 1_000;
const PRELOAD_URL = "http://127.0.0.1";

/**
 * One twilio client per account (and one HTTP client per API URL, so connections are reused),
 * built on first use instead of per message.
 */
export class TwilioClients {
  private readonly http = new Map<string, BaseUrlRequestClient>();
  private readonly clients = new Map<string, twilio.Twilio>();
  /** Message creates, the hot path, without the library (see message-api.ts). */
  readonly messages: TwilioMessageApi;

  constructor(private readonly options: { timeoutMs: number }) {
    this.messages = new TwilioMessageApi(options);
    // The library loads its Messages API on first use (~100 ms); load it at start instead of
    // inside the first paced send.
    void twilio(`AC${"0".repeat(32)}`, "preload", { httpClient: this.httpClient(PRELOAD_URL) }).messages;
  }

  for(account: TwilioAccount): twilio.Twilio {
    const key = `${account.apiUrl}\n${account.accountSid}\n${account.authToken}`;
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      client = twilio(account.accountSid, account.authToken, {
        httpClient: this.httpClient(account.apiUrl),
        autoRetry: false,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private httpClient(apiUrl: string): BaseUrlRequestClient {
    let http = this.http.get(apiUrl);
    if (!http) {
      http = new BaseUrlRequestClient(apiUrl, { timeoutMs: this.options.timeoutMs });
      this.http.set(apiUrl, http);
    }
    return http;
  }
}
