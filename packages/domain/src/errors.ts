/**
 * One closed set of error codes, one base class, one mapping to HTTP status.
 * Every layer throws these; exactly one error handler turns them into responses.
 */
export const ErrorCode = {
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  provider_failed: 502,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ErrorCode;

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `contacts.3.phone`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, options?: { details?: ErrorDetail[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
  }

  get status(): number {
    return ErrorCode[this.code];
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[], cause?: unknown) {
    super("validation_failed", message, { details: details ?? [], cause });
  }

  /** A validation error about one field, the most common case. */
  static field(field: string, message: string): ValidationError {
    return ValidationError.fields([{ field, message }]);
  }

  /** A validation error about these fields, its message naming each (`a: …; b.0: …`). */
  static fields(details: ErrorDetail[], cause?: unknown): ValidationError {
    const summary = details.map((d) => `${d.field}: ${d.message}`).join("; ");
    return new ValidationError(summary || "invalid input", details, cause);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string) {
    super("not_found", `${resource} not found`);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "missing or invalid API key") {
    super("unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super("forbidden", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super("conflict", message, { details });
  }
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super("rate_limited", "rate limit exceeded, retry later");
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ProviderError extends AppError {
  /** The provider's own error code (e.g. Twilio 21610), kept for the message record. */
  readonly providerCode: string | undefined;
  readonly retryable: boolean;
  /**
   * The provider may have acted on the request anyway (a timeout, a connection cut mid-answer,
   * a 5xx): a send must be reconciled with the provider before it is tried again.
   */
  readonly ambiguous: boolean;
  constructor(
    message: string,
    options: { providerCode?: string; retryable: boolean; ambiguous?: boolean; cause?: unknown },
  ) {
    super("provider_failed", message, { cause: options.cause });
    this.providerCode = options.providerCode;
    this.retryable = options.retryable;
    this.ambiguous = options.ambiguous ?? false;
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super("unavailable", message, { cause });
  }
}

/**
 * The public error body: the contract's `{error, status}` plus our additions, and `errors`, the
 * shape Whippy's own clients read (`errors[0].description`): one entry per problem, naming its field.
 */
export interface ErrorBody {
  error: string;
  status: number;
  code: ErrorCode;
  details?: ErrorDetail[];
  errors: Array<{ description: string }>;
  request_id?: string;
}
