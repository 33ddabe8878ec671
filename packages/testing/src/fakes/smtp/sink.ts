import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { waitFor } from "../../wait-for.js";

export interface SinkMail {
  envelope: { from: string; to: string[] };
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  replyTo: string[];
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number; content: Buffer }[];
  /** Raw (unfolded) header value by lower-case name, e.g. `list-unsubscribe`. */
  header(name: string): string | undefined;
  receivedAt: Date;
}

export interface RunningSmtpSink {
  host: string;
  port: number;
  /** Every mail received, oldest first. */
  mails: SinkMail[];
  waitForMail(predicate: (mail: SinkMail) => boolean, timeoutMs?: number): Promise<SinkMail>;
  /** The next `count` RCPT TO commands are answered with `code` (550 permanent, 451 temporary). */
  failNextRcpt(count: number, code: 550 | 451): void;
  stop(): Promise<void>;
}

function list(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.flatMap((entry) => (entry.address ? [entry.address] : [])));
}

/** An SMTP server that records exactly what it is sent (no auth, no TLS). */
export async function startSmtpSink(
  options: { port?: number; host?: string } = {},
): Promise<RunningSmtpSink> {
  const host = options.host ?? "127.0.0.1";
  const mails: SinkMail[] = [];
  const failures: (550 | 451)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = failures.shift();
      if (code === undefined) return callback();
      const message = code === 550 ? "5.1.1 mailbox unavailable" : "4.2.1 try again later";
      callback(Object.assign(new Error(message), { responseCode: code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const headers = new Map<string, string>();
          for (const line of parsed.headerLines) {
            headers.set(
              line.key,
              line.line
                .slice(line.line.indexOf(":") + 1)
                .replace(/\r?\n[ \t]+/g, " ")
                .trim(),
            );
          }
          const refs = parsed.references;
          mails.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            messageId: parsed.messageId,
            inReplyTo: parsed.inReplyTo,
            references: refs === undefined ? [] : Array.isArray(refs) ? refs : refs.split(/\s+/),
            subject: parsed.subject ?? "",
            from: list(parsed.from)[0] ?? "",
            to: list(parsed.to),
            cc: list(parsed.cc),
            replyTo: list(parsed.replyTo),
            text: parsed.text,
            html: parsed.html || undefined,
            attachments: parsed.attachments.map((part) => ({
              filename: part.filename,
              contentType: part.contentType,
              size: part.size,
              content: part.content,
            })),
            header: (name) => headers.get(name.toLowerCase()),
            receivedAt: new Date(),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  return {
    host,
    port,
    mails,
    waitForMail: (predicate, timeoutMs = 15_000) =>
      waitFor(() => mails.find(predicate), { description: "a mail at the SMTP sink", timeoutMs }),
    failNextRcpt(count, code) {
      for (let i = 0; i < count; i++) failures.push(code);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
