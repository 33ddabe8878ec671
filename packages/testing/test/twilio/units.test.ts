import twilio from "twilio";
import { describe, expect, it } from "vitest";
import {
  countSegments,
  decodeForm,
  encodeForm,
  rebaseTwilioUrl,
  twilioSignature,
  twimlMessages,
} from "../../src/index.js";

// Twilio's documented request-validation example (auth token 12345).
const DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const DOC_PARAMS = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+14158675309",
  Digits: "1234",
  From: "+14158675309",
  To: "+18005551212",
};

describe("twilioSignature", () => {
  it("reproduces Twilio's documented example", () => {
    expect(twilioSignature("12345", DOC_URL, DOC_PARAMS)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  });

  it("agrees with the twilio library, repeated and non-ASCII params included", () => {
    const params = {
      Body: "héllo ✓ & more",
      MediaUrl: ["https://b.example/2", "https://a.example/1"],
      To: "+1555",
    };
    const url = "http://127.0.0.1:8080/webhooks/twilio/sms?x=1&y=%20";
    expect(twilioSignature("token", url, params)).toBe(
      twilio.getExpectedTwilioSignature("token", url, params),
    );
  });

  it("changes with the token, the URL and every param", () => {
    const base = twilioSignature("12345", DOC_URL, DOC_PARAMS);
    expect(twilioSignature("12346", DOC_URL, DOC_PARAMS)).not.toBe(base);
    expect(twilioSignature("12345", `${DOC_URL}&baz=3`, DOC_PARAMS)).not.toBe(base);
    expect(twilioSignature("12345", DOC_URL, { ...DOC_PARAMS, Digits: "9999" })).not.toBe(base);
  });
});

describe("form encoding", () => {
  it("round-trips repeated names and special characters", () => {
    const params = { Body: "a+b=c & d", MediaUrl: ["https://x/1", "https://x/2"] };
    expect(encodeForm(params)).toBe(
      "Body=a%2Bb%3Dc+%26+d&MediaUrl=https%3A%2F%2Fx%2F1&MediaUrl=https%3A%2F%2Fx%2F2",
    );
    expect(decodeForm(encodeForm(params))).toEqual(params);
  });
});

describe("countSegments", () => {
  it.each([
    ["a".repeat(160), 1],
    ["a".repeat(161), 2],
    ["a".repeat(306), 2],
    ["a".repeat(307), 3],
    ["€".repeat(80), 1],
    ["€".repeat(81), 2],
    ["é".repeat(160), 1],
    ["✓".repeat(70), 1],
    ["✓".repeat(71), 2],
  ])("%#: %i segments", (body, segments) => {
    expect(countSegments(body)).toBe(segments);
  });
});

describe("twimlMessages", () => {
  it("reads plain, Body/Media and attributed <Message> verbs", () => {
    const xml = `<?xml version="1.0"?><Response>
      <Message>Plain &lt;text&gt; &#8364;</Message>
      <Message to="+15550001111" from="+15550002222"><Body>With body</Body><Media>https://m.example/1.png</Media></Message>
      <Message/>
    </Response>`;
    expect(twimlMessages(xml)).toEqual([
      { body: "Plain <text> €", mediaUrls: [], to: undefined, from: undefined },
      { body: "With body", mediaUrls: ["https://m.example/1.png"], to: "+15550001111", from: "+15550002222" },
    ]);
  });

  it("finds nothing in voice or empty TwiML", () => {
    expect(twimlMessages("<Response><Say>Hi</Say></Response>")).toEqual([]);
    expect(twimlMessages("<Response/>")).toEqual([]);
  });
});

describe("rebaseTwilioUrl", () => {
  it("moves *.twilio.com URLs under the base, keeping path and query", () => {
    expect(
      rebaseTwilioUrl(
        "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=5",
        "http://127.0.0.1:9000",
      ),
    ).toBe("http://127.0.0.1:9000/2010-04-01/Accounts/AC1/Messages.json?PageSize=5");
    expect(rebaseTwilioUrl("https://api.us1.twilio.com/x", "http://fake:1/prefix/")).toBe(
      "http://fake:1/prefix/x",
    );
  });

  it("leaves other hosts alone", () => {
    expect(rebaseTwilioUrl("https://example.com/twilio.com", "http://fake")).toBe(
      "https://example.com/twilio.com",
    );
  });
});
