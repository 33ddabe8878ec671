import { type Channel, type EventOf, SendEmailMessage, textToHtml } from "@relay/domain";
import { newEvent } from "@relay/service-kit";

/**
 * The reset link as `cmd.email.send` from the organization's email channel: straight to the email
 * adapter, not through conversations (the user is not a contact, and the link must not sit in a
 * conversation every agent can read). `message_id` names this mail in the adapter's send ledger.
 */
export function resetMail(
  channel: Pick<Channel, "id" | "name" | "address">,
  organizationId: string,
  user: { name: string; email: string },
  link: { url: string; expires_at: string },
  minutes: number,
): EventOf<typeof SendEmailMessage> {
  const id = crypto.randomUUID();
  const from = channel.address ?? "";
  const text = [
    `Hi ${user.name},`,
    `Someone (we hope you) asked to reset your password. Choose a new one here (the link works once, for ${minutes} minutes):`,
    link.url,
    "If you did not ask, ignore this email: your password stays as it is.",
  ].join("\n\n");
  return newEvent(SendEmailMessage, organizationId, {
    message_id: id,
    channel_id: channel.id,
    from,
    sender_name: channel.name,
    to: user.email,
    subject: "Reset your password",
    text,
    html: textToHtml(text),
    message_id_header: `<${id}@${from.split("@")[1] || "relay.invalid"}>`,
  });
}
