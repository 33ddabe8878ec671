import { ProviderError } from "@relay/domain";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { BaseUrlRequestClient } from "../src/twilio/base-url-client.js";
import { decodeForm, flattenForm } from "../src/twilio/form.js";
import { toProviderError } from "../src/twilio/provider-error.js";
import { callStatusOf, messageStatusOf } from "../src/twilio/statuses.js";

describe("BaseUrlRequestClient", () => {
  it("sends the library's api.twilio.com URLs to the configured base, keeping path and query", () => {
    const client = new BaseUrlRequestClient("http://127.0.0.1:9999/twilio", { timeoutMs: 1000 });
    expect(client.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=5")).toBe(
      "http://127.0.0.1:9999/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=5",
    );
    expect(
      new BaseUrlRequestClient("https://api.twilio.com", { timeoutMs: 1 }).rewrite(
        "https://api.twilio.com/x",
      ),
    ).toBe("https://api.twilio.com/x");
  });
});

describe("toProviderError", () => {
  const rest = (statusCode: number, body: unknown) => new twilio.RestException({ statusCode, body });

  it("keeps Twilio's code and message, and retries only 429 and 5xx", () => {
    const invalid = toProviderError(rest(400, { code: 21211, message: "bad To", status: 400 }));
    expect(invalid).toBeInstanceOf(ProviderError);
    expect(invalid).toMatchObject({ providerCode: "21211", retryable: false, message: "bad To" });
    expect(toProviderError(rest(429, { code: 20429, message: "Too Many Requests" }))).toMatchObject({
      providerCode: "20429",
      retryable: true,
    });
    expect(toProviderError(rest(503, "<html>down</html>"))).toMatchObject({
      providerCode: "503",
      retryable: true,
    });
  });

  it("retries network failures", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(toProviderError(refused)).toMatchObject({ retryable: true, providerCode: undefined });
  });
});

describe("status mapping", () => {
  it("maps Twilio's message statuses to ours, and ignores inbound ones", () => {
    expect(
      ["queued", "sending", "sent", "delivered", "undelivered", "failed", "read"].map(messageStatusOf),
    ).toEqual(["sent", "sent", "sent", "delivered", "undelivered", "failed", "delivered"]);
    expect(messageStatusOf("received")).toBeUndefined();
  });

  it("maps call statuses and progress events", () => {
    expect(callStatusOf("answered")).toBe("in-progress");
    expect(callStatusOf("no-answer")).toBe("no-answer");
    expect(callStatusOf("teleported")).toBeUndefined();
  });
});

describe("forms", () => {
  it("keeps every value of a repeated name and flattens to the first", () => {
    const params = decodeForm("Body=hi+there&MediaUrl=a&MediaUrl=b&To=%2B1555");
    expect(params).toEqual({ Body: "hi there", MediaUrl: ["a", "b"], To: "+1555" });
    expect(flattenForm(params)).toEqual({ Body: "hi there", MediaUrl: "a", To: "+1555" });
  });
});
