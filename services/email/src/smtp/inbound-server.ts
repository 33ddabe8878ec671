import type { ChannelMatch } from "@relay/domain";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { EmailDeps } from "../deps.js";
import { acceptMail } from "../services/accept-mail.js";
import type { InboundTls } from "./inbound-tls.js";

export interface InboundListener {
  port: number;
  stop(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The SMTP listener: accepts mail only for the organizations' email channel addresses
 * (`RCPT TO` unknown → 550), parses it, and hands it over; storage failures answer 451. With a
 * certificate it offers STARTTLS (senders choose; mail servers upgrade when it is offered).
 */
export async function startInboundListener(
  deps: EmailDeps,
  options: { host: string; port: number; maxBytes: number; tls?: InboundTls | undefined },
): Promise<InboundListener> {
  const matches = new Map<string, ChannelMatch[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(options.tls && { secure: false, key: options.tls.key, cert: options.tls.cert }),
    size: options.maxBytes,
    logger: false,
    onRcptTo(address, session, callback) {
      deps.directory.byAddress(address.address).then(
        (found) => {
          if (found.length === 0) return callback(smtpError(`no mailbox here for ${address.address}`, 550));
          matches.set(session.id, [...(matches.get(session.id) ?? []), ...found]);
          callback();
        },
        (error: unknown) => {
          deps.logger.error({ err: error }, "channel lookup failed");
          callback(smtpError("temporary lookup failure, try again later", 451));
        },
      );
    },
    onData(stream, session, callback) {
      const found = matches.get(session.id) ?? [];
      matches.delete(session.id);
      simpleParser(stream)
        .then((mail) => {
          if ((stream as { sizeExceeded?: boolean }).sizeExceeded) throw smtpError("message too large", 552);
          return acceptMail(deps, mail, found);
        })
        .then(
          () => callback(),
          (error: unknown) => {
            deps.logger.error({ err: error }, "inbound mail not stored");
            const code = (error as { responseCode?: number }).responseCode;
            callback(code ? (error as Error) : smtpError("temporary failure, try again later", 451));
          },
        );
    },
    onClose(session) {
      matches.delete(session.id);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.on("error", (error) => deps.logger.error({ err: error }, "smtp listener error"));
  const address = server.server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
