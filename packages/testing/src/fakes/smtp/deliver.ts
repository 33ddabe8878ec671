import nodemailer from "nodemailer";

export interface DeliverMail {
  port: number;
  host?: string;
  from: string;
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  cc?: string[];
  inReplyTo?: string;
  references?: string[];
  messageId?: string;
  attachments?: { filename: string; content: string | Buffer; contentType?: string }[];
  /** Require STARTTLS (nodemailer's `requireTLS`) and trust only this certificate, for `servername`. */
  tls?: { ca: string; servername: string };
}

function transportTo(port: number, host = "127.0.0.1", tls?: DeliverMail["tls"]) {
  if (tls)
    return nodemailer.createTransport({
      host,
      port,
      secure: false,
      requireTLS: true,
      tls: { ca: [tls.ca], servername: tls.servername, rejectUnauthorized: true },
    });
  return nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true });
}

/** Speaks SMTP to a listener (ours) like a remote mail server would; resolves with the server's answer. */
export async function deliverMail(mail: DeliverMail): Promise<{ messageId: string; response: string }> {
  const transport = transportTo(mail.port, mail.host, mail.tls);
  try {
    const info = await transport.sendMail({
      from: mail.from,
      to: mail.to,
      ...(mail.cc ? { cc: mail.cc } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references ? { references: mail.references } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    });
    return { messageId: info.messageId, response: info.response };
  } finally {
    transport.close();
  }
}

export interface DeliverBounce {
  port: number;
  host?: string;
  /** Where the bounce goes: the original sender (one of the platform's channel addresses). */
  to: string;
  originalMessageId: string;
  recipient: string;
  /** DSN status, e.g. `5.1.1` (hard) or `4.4.7` (soft). */
  status: string;
  diagnostic: string;
}

/** Sends a delivery status notification (multipart/report; report-type=delivery-status). */
export async function deliverBounce(bounce: DeliverBounce): Promise<void> {
  const boundary = `dsn-${crypto.randomUUID()}`;
  const raw = [
    "From: Mail Delivery Subsystem <mailer-daemon@remote.example>",
    `To: ${bounce.to}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <${crypto.randomUUID()}@remote.example>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Delivery to ${bounce.recipient} failed.`,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; remote.example",
    "",
    `Final-Recipient: rfc822; ${bounce.recipient}`,
    "Action: failed",
    `Status: ${bounce.status}`,
    `Diagnostic-Code: smtp; ${bounce.diagnostic}`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    `Message-ID: ${bounce.originalMessageId}`,
    `To: ${bounce.recipient}`,
    "Subject: (original)",
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
  const transport = transportTo(bounce.port, bounce.host);
  try {
    await transport.sendMail({ envelope: { from: "", to: [bounce.to] }, raw });
  } finally {
    transport.close();
  }
}
