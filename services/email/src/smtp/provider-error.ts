import { ProviderError } from "@relay/domain";

/** Recipient errors that mean the address will never work: a hard bounce. */
const HARD_BOUNCE_CODES = new Set([550, 551, 553]);

interface SmtpFailure {
  responseCode?: number;
  command?: string;
  rejected?: string[];
}

export class SmtpSendError extends ProviderError {
  readonly hardBounce: boolean;
  readonly recipient: string | undefined;
  constructor(
    message: string,
    options: { code?: number; hardBounce: boolean; recipient?: string; cause: unknown },
  ) {
    const retryable = options.code === undefined || options.code < 500;
    super(message, { providerCode: options.code?.toString(), retryable, cause: options.cause });
    this.hardBounce = options.hardBounce;
    this.recipient = options.recipient;
  }
}

/** nodemailer's error → retryable (4xx, no connection) or final (5xx, hard bounce on 550/551/553). */
export function toSmtpError(error: unknown): SmtpSendError {
  const failure = (error ?? {}) as SmtpFailure;
  const code = typeof failure.responseCode === "number" ? failure.responseCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const onRecipient = /RCPT/i.test(failure.command ?? "") || (failure.rejected?.length ?? 0) > 0;
  return new SmtpSendError(message, {
    code,
    hardBounce: code !== undefined && HARD_BOUNCE_CODES.has(code) && onRecipient,
    recipient: failure.rejected?.[0],
    cause: error,
  });
}
