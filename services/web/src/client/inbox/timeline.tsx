import { Link } from "react-router";
import { CHANNEL_LABEL, fullTime, STATUS_LABEL } from "../format.js";
import type { Message, User } from "../types.js";
import { sanitizeEmailHtml } from "./email-html.js";

const isLink = (url: string) => /^https?:\/\//i.test(url);

/** A message's attachments: images inline, anything else as a link (inbound WhatsApp media are ids, not links). */
function Attachments({ message }: { message: Message }) {
  const fromEmail = message.email?.attachments ?? [];
  const listed = new Set(fromEmail.map((a) => a.url));
  const media = message.media.filter((m) => !listed.has(m.url));
  if (media.length === 0 && fromEmail.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {media.map((item) => (
        <li key={item.url}>
          {!isLink(item.url) ? (
            <span className="attachment">
              Media ({item.content_type ?? message.whatsapp?.media_type ?? "file"})
            </span>
          ) : item.content_type?.startsWith("image/") ? (
            <img src={item.url} alt="Attachment" className="media" />
          ) : (
            <a href={item.url} target="_blank" rel="noreferrer" className="attachment">
              {item.url.split("/").pop() || "Attachment"}
            </a>
          )}
        </li>
      ))}
      {fromEmail.map((item, index) => {
        const name = `${item.filename ?? "Attachment"} (${Math.max(1, Math.round(item.size / 1024))} KB)`;
        return (
          <li key={item.url ?? index}>
            {item.url ? (
              <a href={item.url} target="_blank" rel="noreferrer" className="attachment">
                {name}
              </a>
            ) : (
              <span className="attachment">{name}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** An email: its subject, copies and HTML (sanitized), or its text. */
function EmailContent({ message }: { message: Message }) {
  const email = message.email;
  const html = email?.html ? sanitizeEmailHtml(email.html) : "";
  return (
    <>
      <p className="subject">{email?.subject || "(no subject)"}</p>
      {email?.cc && email.cc.length > 0 && <p className="copies">Cc {email.cc.join(", ")}</p>}
      {html ? (
        // Sanitized by DOMPurify just above: never an email's HTML as it came.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized
        <div className="email-html" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        message.body && <p className="body">{message.body}</p>
      )}
    </>
  );
}

/** What sent it, when not a person: a campaign (linked) or a sequence's step. */
function Attribution({ message }: { message: Message }) {
  if (message.campaign_id)
    return (
      <Link className="attribution" to={`/campaigns/${message.campaign_id}`}>
        · Campaign
      </Link>
    );
  if (message.step_id) return <span className="attribution">· Sequence</span>;
  if (message.automated) return <span>· automated</span>;
  return null;
}

function CallItem({ message }: { message: Message }) {
  const outbound = message.direction === "OUTBOUND";
  return (
    <li className="event-call" data-message-id={message.id}>
      <span className="call-icon" aria-hidden="true">
        ☎
      </span>
      {outbound ? "Outbound call" : "Inbound call"} · {message.call?.status ?? "call"}
      {message.call?.duration_seconds !== undefined && ` · ${message.call.duration_seconds}s`}
      {message.call?.recording_url && (
        // biome-ignore lint/a11y/useMediaCaption: voicemail recordings come without captions
        <audio controls src={message.call.recording_url} aria-label="Voicemail" />
      )}
      <time>{fullTime(message.created_at)}</time>
    </li>
  );
}

/** An internal note: apart from the messages, never sent. */
function NoteItem({ message, author }: { message: Message; author: User | undefined }) {
  return (
    <li className="note-row" data-message-id={message.id}>
      <div className="note">
        <p className="note-title">Internal note{author ? ` · ${author.name}` : ""}</p>
        {message.body && <p className="body">{message.body}</p>}
        <Attachments message={message} />
      </div>
      <div className="meta">
        <time dateTime={message.created_at}>{fullTime(message.created_at)}</time>
      </div>
    </li>
  );
}

export function TimelineItem({ message, users }: { message: Message; users: User[] }) {
  if (message.type === "call") return <CallItem message={message} />;
  if (message.type === "note")
    return <NoteItem message={message} author={users.find((u) => u.id === message.user_id)} />;
  const outbound = message.direction === "OUTBOUND";
  const status = STATUS_LABEL[message.delivery_status] ?? message.delivery_status;
  const template = message.whatsapp?.template;
  return (
    <li className={`bubble-row ${outbound ? "out" : "in"}`} data-message-id={message.id}>
      <div className={`bubble ${outbound ? "out" : "in"}${message.type === "email" ? " email" : ""}`}>
        {message.type === "email" ? (
          <EmailContent message={message} />
        ) : (
          message.body && <p className="body">{message.body}</p>
        )}
        {template && (
          <p className="template-line">
            Template <strong>{template.name}</strong> ({template.language})
          </p>
        )}
        <Attachments message={message} />
      </div>
      <div className="meta">
        <span>{CHANNEL_LABEL[message.type === "sms" ? "phone" : message.type]}</span>
        <Attribution message={message} />
        <time dateTime={message.created_at}>· {fullTime(message.created_at)}</time>
        {message.schedule_at && message.delivery_status === "scheduled" && (
          <span>· for {fullTime(message.schedule_at)}</span>
        )}
        {outbound && (
          <span className={`status ${message.delivery_status}`} data-status={message.delivery_status}>
            · {status}
          </span>
        )}
      </div>
      {message.error_message && <div className="error-line">{message.error_message}</div>}
    </li>
  );
}
