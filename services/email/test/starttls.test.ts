import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventEnvelope } from "@relay/domain";
import { deliverMail, selfSignedCertificate } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundTls } from "../src/smtp/inbound-tls.js";
import { type EmailStack, smtpChannel, startStack } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "email-tls-"));
const { cert, key } = selfSignedCertificate("localhost");
const certFile = join(dir, "cert.pem");
const keyFile = join(dir, "key.pem");
writeFileSync(certFile, cert);
writeFileSync(keyFile, key);

let withTls: EmailStack;
let withoutTls: EmailStack;

beforeAll(async () => {
  withTls = await startStack({ SMTP_TLS_CERT_FILE: certFile, SMTP_TLS_KEY_FILE: keyFile });
  withoutTls = await startStack();
});
afterAll(async () => {
  await withTls?.stop();
  await withoutTls?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mailTo = (stack: EmailStack, address: string, subject: string) => ({
  port: stack.email.smtpPort,
  from: "ana@customer.example",
  to: address,
  subject,
  text: "Over TLS, please.",
  tls: { ca: cert, servername: "localhost" },
});

describe("inbound SMTP with STARTTLS", () => {
  it("offers STARTTLS with the configured certificate: a sender requiring TLS (and trusting only it) delivers", async () => {
    const org = await withTls.createOrganization();
    const channel = await withTls.createChannel(org, smtpChannel(withTls.sink));
    await deliverMail(mailTo(withTls, channel.address, "Encrypted"));
    const received = await withTls.waitForEvent(
      (event: EventEnvelope) =>
        event.type === "email.message.received" &&
        (event.data as { subject?: string }).subject === "Encrypted",
      "the mail sent over TLS",
    );
    expect(received.organization_id).toBe(org);
  });

  it("offers no STARTTLS without a certificate: a sender requiring TLS cannot deliver", async () => {
    const org = await withoutTls.createOrganization();
    const channel = await withoutTls.createChannel(org, smtpChannel(withoutTls.sink));
    await expect(deliverMail(mailTo(withoutTls, channel.address, "Plain"))).rejects.toThrow(/STARTTLS/i);
  });

  it("refuses at start a certificate without its key, an unreadable file, or a key of another certificate", () => {
    expect(() => inboundTls({ SMTP_TLS_CERT_FILE: certFile })).toThrow(/SMTP_TLS_KEY_FILE is required/);
    expect(() =>
      inboundTls({ SMTP_TLS_CERT_FILE: join(dir, "missing.pem"), SMTP_TLS_KEY_FILE: keyFile }),
    ).toThrow(/SMTP_TLS_CERT_FILE cannot be read/);
    const otherKey = join(dir, "other-key.pem");
    writeFileSync(otherKey, selfSignedCertificate().key);
    expect(() => inboundTls({ SMTP_TLS_CERT_FILE: certFile, SMTP_TLS_KEY_FILE: otherKey })).toThrow(
      /are not a certificate and its key/,
    );
    expect(inboundTls({})).toBeUndefined();
  });
});
