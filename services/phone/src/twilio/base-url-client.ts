import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

/**
 * The twilio library builds absolute `https://<product>.twilio.com/...` URLs; this HTTP client
 * (its documented `httpClient` option) sends each one to `baseUrl` instead, keeping the path and
 * query, so a regional endpoint or a local fake can stand in for api.twilio.com.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, options: { timeoutMs: number }) {
    super({ timeout: options.timeoutMs, keepAlive: true });
    this.base = new URL(baseUrl);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: this.rewrite(options.uri) });
  }

  rewrite(uri: string): string {
    const original = new URL(uri);
    const prefix = this.base.pathname.replace(/\/+$/, "");
    return `${this.base.origin}${prefix}${original.pathname}${original.search}`;
  }
}
