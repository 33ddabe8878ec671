import { type TwilioApiError, twilioErrors } from "./errors.js";

/** How a message ends: delivered, or undelivered/failed with Twilio's delivery error code. */
export type DeliveryOutcome =
  | { status: "delivered" }
  | { status: "undelivered" | "failed"; errorCode: number };

/**
 * Twilio's magic test numbers (https://www.twilio.com/docs/iam/test-credentials), which the fake
 * honours for every account, plus two of its own that end a delivery badly.
 */
export const TWILIO_MAGIC_NUMBERS = {
  /** From: passes every check. */
  validFrom: "+15005550006",
  /** From → 21212; To → 21211. */
  invalid: "+15005550001",
  /** To → 21612 (cannot route). */
  unroutable: "+15005550002",
  /** To → 21408 (region not enabled). */
  noInternationalPermission: "+15005550003",
  /** To → 21610 (recipient replied STOP). */
  unsubscribed: "+15005550004",
  /** To → 21614 (not a mobile number). */
  notMobile: "+15005550009",
  /** From → 21606 (not owned by the account). */
  notOwnedFrom: "+15005550007",
  /** From → 21611 (queue full). */
  queueFullFrom: "+15005550008",
  /** To: accepted, then `undelivered` with error 30003 (fake only). */
  undelivered: "+15005550010",
  /** To: accepted, then `failed` with error 30008 (fake only). */
  failed: "+15005550011",
} as const;

const M = TWILIO_MAGIC_NUMBERS;

/** The REST error a magic `To` number produces, if any. */
export function magicToError(to: string, from: string): TwilioApiError | undefined {
  switch (to) {
    case M.invalid:
      return twilioErrors.invalidTo(to);
    case M.unroutable:
      return twilioErrors.cannotRoute(to, from);
    case M.noInternationalPermission:
      return twilioErrors.regionNotEnabled(to);
    case M.unsubscribed:
      return twilioErrors.unsubscribed();
    case M.notMobile:
      return twilioErrors.notMobile(to);
    default:
      return undefined;
  }
}

/** The REST error a magic `From` number produces, if any. */
export function magicFromError(from: string): TwilioApiError | undefined {
  switch (from) {
    case M.invalid:
      return twilioErrors.invalidFrom(from);
    case M.notOwnedFrom:
      return twilioErrors.notOwned(from);
    case M.queueFullFrom:
      return twilioErrors.queueFull(from);
    default:
      return undefined;
  }
}

/** The delivery outcome a magic `To` number forces, if any. */
export function magicOutcome(to: string): DeliveryOutcome | undefined {
  if (to === M.undelivered) return { status: "undelivered", errorCode: 30003 };
  if (to === M.failed) return { status: "failed", errorCode: 30008 };
  return undefined;
}
