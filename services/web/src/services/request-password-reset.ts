import type { Channel, ForgotPassword } from "@relay/domain";
import { enqueue, type Transact } from "@relay/service-kit";
import type { WebDB } from "../db/schema.js";
import { findUsersByEmail } from "../db/users.js";
import type { WebDeps } from "../deps.js";
import { countAttempt, refuseWhenTooMany } from "./attempt-limit.js";
import { issueLoginLink } from "./login-tokens.js";
import { resetMail } from "./reset-mail.js";

/** An organization's email channels (core's `rpc.core.channel.list`), first the one mail goes from. */
export type EmailChannels = (organizationId: string) => Promise<Channel[]>;

type Deps = Pick<WebDeps, "db" | "config" | "now" | "logger"> & {
  transact: Transact<WebDB>;
  emailChannels: EmailChannels;
};

/**
 * "Forgot your password?": counted per email like logins (429 past the limit, for any email),
 * then answered at once; the links go out after the answer, so neither its content nor its
 * timing tells whether the email has an account.
 */
export async function requestPasswordReset(deps: Deps, input: ForgotPassword): Promise<void> {
  await refuseWhenTooMany(deps, "reset", input.email);
  await countAttempt(deps, "reset", input.email);
  void sendResetLinks(deps, input.email).catch((error: unknown) =>
    deps.logger.error({ err: error }, "password reset link not sent"),
  );
}

/** One link per organization the email has a user in, from that organization's first email channel. */
export async function sendResetLinks(deps: Deps, email: string): Promise<number> {
  let sent = 0;
  for (const user of await findUsersByEmail(deps.db, email, undefined, 10)) {
    const channel = (await deps.emailChannels(user.organization_id)).find((c) => c.address);
    if (!channel) {
      deps.logger.info({ organization_id: user.organization_id }, "password reset asked: no email channel");
      continue;
    }
    await deps.transact(async (trx) => {
      const link = await issueLoginLink({ ...deps, db: trx }, "reset", user.organization_id, user.id);
      await enqueue(
        trx,
        resetMail(channel, user.organization_id, user, link, deps.config.PASSWORD_RESET_TTL_MINUTES),
      );
    });
    sent += 1;
  }
  return sent;
}
