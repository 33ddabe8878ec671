import { z } from "zod";
import { UserId, UserRole } from "../core/user.js";
import { defineRequest } from "../requests.js";

/** The cookie a web login sets; the gateway reads it on `/v1` when no API key is sent. */
export const SESSION_COOKIE = "relay_session";
/** The header a session's state-changing requests carry (the session's CSRF token). */
export const CSRF_HEADER = "x-csrf-token";

/**
 * Who a web session acts for. `channel_ids` is set for agents only: the channels they may use
 * (`GET /v1/channels/{id}/users`); admins reach every channel.
 */
export const SessionIdentity = z.object({
  session_id: z.uuid(),
  organization_id: z.uuid(),
  user_id: UserId,
  role: UserRole,
  channel_ids: z.array(z.uuid()).optional(),
  /** SHA-256 (hex) of the session's CSRF token: the gateway compares the header's hash to it. */
  csrf_hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SessionIdentity = z.infer<typeof SessionIdentity>;

/**
 * The gateway asks web who a session cookie belongs to. Unknown, expired or revoked sessions
 * (and sessions of deleted users) answer with an `unauthorized` error.
 */
export const AuthenticateSession = defineRequest(
  "rpc.web.session.authenticate",
  z.object({ token: z.string().min(1).max(200) }),
  SessionIdentity,
);

/** A password web accepts: long enough to resist guessing, short enough to hash cheaply. */
export const Password = z.string().min(10, "must be at least 10 characters").max(200);

/** `POST /app/api/session`: log in. */
export const Login = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
});
export type Login = z.infer<typeof Login>;

/** `POST /app/api/invitations`: an admin invites someone (a user is created in core). */
export const Invite = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().max(320).pipe(z.email()),
  role: UserRole.default("agent"),
});
export type Invite = z.infer<typeof Invite>;

/** Accepting an invitation, or completing a password reset: the link's token and a new password. */
export const SetPassword = z.strictObject({
  token: z.string().min(1).max(200),
  password: Password,
});
export type SetPassword = z.infer<typeof SetPassword>;

/** `POST /app/api/password_resets`: "forgot your password?" (the answer is the same for any email). */
export const ForgotPassword = z.strictObject({ email: z.string().trim().min(1).max(320) });
export type ForgotPassword = z.infer<typeof ForgotPassword>;

/** `POST /app/api/admin/password_resets` (operator): the user by id within an organization, or by email. */
export const OperatorReset = z.union([
  z.strictObject({ organization_id: z.uuid(), user_id: UserId }),
  z.strictObject({ email: z.string().trim().min(1).max(320), organization_id: z.uuid().optional() }),
]);
export type OperatorReset = z.infer<typeof OperatorReset>;
