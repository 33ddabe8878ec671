import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type RefObject, useEffect, useRef, useState } from "react";
import { errorMessage, v1 } from "./api.js";
import { CHANNEL_LABEL, contactLabel, fullTime, STATUS_LABEL, smsSegments } from "./format.js";
import type {
  Channel,
  Contact,
  Conversation,
  List,
  Message,
  Preference,
  SessionUser,
  User,
} from "./types.js";

export function usePreferences(contactId: string | undefined) {
  return useQuery({
    queryKey: ["preferences", contactId],
    queryFn: async () =>
      (await v1.get<{ data: Preference[] }>(`/contacts/${contactId}/communication_preferences`)).data,
    enabled: Boolean(contactId),
  });
}

function MessageBubble({ message }: { message: Message }) {
  const outbound = message.direction === "OUTBOUND";
  const status = STATUS_LABEL[message.delivery_status] ?? message.delivery_status;
  if (message.type === "call") {
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
  return (
    <li className={`bubble-row ${outbound ? "out" : "in"}`} data-message-id={message.id}>
      <div className={`bubble ${outbound ? "out" : "in"}`}>
        {message.email?.subject && <p className="subject">{message.email.subject}</p>}
        {message.body && <p className="body">{message.body}</p>}
        {message.media.map((media) =>
          media.content_type?.startsWith("image/") ? (
            <img key={media.url} src={media.url} alt="Attachment" className="media" />
          ) : (
            <a key={media.url} href={media.url} target="_blank" rel="noreferrer" className="attachment">
              Attachment
            </a>
          ),
        )}
      </div>
      <div className="meta">
        <span>{CHANNEL_LABEL[message.type === "sms" ? "phone" : message.type]}</span>
        {message.automated && <span>· automated</span>}
        {message.campaign_id && <span>· campaign</span>}
        <time dateTime={message.created_at}>· {fullTime(message.created_at)}</time>
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

export function Thread(props: {
  conversation: Conversation;
  contact: Contact | undefined;
  channel: Channel | undefined;
  users: User[];
  me: SessionUser;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onStatus(status: "open" | "closed"): Promise<void>;
}) {
  const { conversation, contact, channel, users, me } = props;
  const client = useQueryClient();
  const messages = useQuery({
    queryKey: ["messages", conversation.id],
    queryFn: () => v1.get<List<Message>>(`/conversations/${conversation.id}/messages?limit=100`),
  });
  const preferences = usePreferences(conversation.contact_id);
  const [body, setBody] = useState("");
  const [subject, setSubject] = useState("");
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const end = useRef<HTMLLIElement>(null);
  const ordered = [...(messages.data?.data ?? [])].reverse();
  const optedOut = preferences.data?.find((p) => p.channel_id === conversation.channel_id && !p.opt_in);
  const email = conversation.channel_type === "email";
  const recipient = email ? contact?.email : contact?.phone;
  const sender = email ? channel?.address : channel?.phone;

  const count = ordered.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView({ block: "end" });
  }, [count]);

  useEffect(() => {
    if (conversation.unread_count > 0) {
      void v1
        .put(`/conversations/${conversation.id}`, { mark_read: true })
        .then(() => client.invalidateQueries({ queryKey: ["conversations"] }))
        .catch(() => undefined);
    }
  }, [conversation.id, conversation.unread_count, client]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || !recipient || !sender) return;
    setSending(true);
    setError(undefined);
    try {
      const path = email
        ? "/messaging/email"
        : conversation.channel_type === "whatsapp"
          ? "/messaging/whatsapp"
          : "/messaging/sms";
      await v1.post(path, {
        from: sender,
        to: recipient,
        body,
        ...(email && subject && { subject }),
      });
      setBody("");
      await client.invalidateQueries({ queryKey: ["messages", conversation.id] });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSending(false);
    }
  };

  const assign = async (value: string) => {
    await v1.put(`/conversations/${conversation.id}`, { assigned_user_id: value ? Number(value) : null });
    await client.invalidateQueries({ queryKey: ["conversations"] });
    await client.invalidateQueries({ queryKey: ["conversation", conversation.id] });
  };

  const closed = conversation.status === "closed";
  return (
    <section className="thread" aria-label="Conversation">
      <header className="thread-header">
        <div>
          <h2>{contactLabel(contact)}</h2>
          <p className="sub">
            {CHANNEL_LABEL[conversation.channel_type]} · {channel?.name ?? "channel"} ·{" "}
            <span className={`pill ${conversation.status}`}>{conversation.status}</span>
          </p>
        </div>
        <div className="actions">
          <label className="assign">
            <span className="sr-only">Assignee</span>
            <select
              value={conversation.assigned_user_id ?? ""}
              onChange={(e) => void assign(e.target.value)}
              aria-label="Assign to"
            >
              <option value="">Unassigned</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.id === me.id ? `${user.name} (me)` : user.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() => void props.onStatus(closed ? "open" : "closed")}
          >
            {closed ? "Reopen" : "Close"}
          </button>
        </div>
      </header>
      <ol className="timeline" aria-live="polite">
        {ordered.map((message) => (
          <MessageBubble key={message.id} message={message} />
        ))}
        <li ref={end} className="timeline-end" aria-hidden="true" />
      </ol>
      {optedOut ? (
        <div className="refusal" role="status">
          <strong>{contactLabel(contact)} has opted out of this channel.</strong> Nothing can be sent here
          until they opt back in (they can text START), since {fullTime(optedOut.updated_at)} (
          {optedOut.source}).
        </div>
      ) : null}
      <form className="composer" onSubmit={send} aria-label="Reply">
        {email && (
          <input
            className="subject-input"
            placeholder="Subject"
            aria-label="Subject"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            disabled={Boolean(optedOut)}
          />
        )}
        <textarea
          ref={props.composerRef}
          placeholder={
            optedOut ? "This contact opted out" : `Reply by ${CHANNEL_LABEL[conversation.channel_type]}…`
          }
          aria-label="Message"
          value={body}
          rows={3}
          disabled={Boolean(optedOut)}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void send(e);
            if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
          }}
        />
        <div className="composer-bar">
          <span className="counter">
            {conversation.channel_type === "phone" && body
              ? `${body.length} characters · ${smsSegments(body)} segment${smsSegments(body) === 1 ? "" : "s"}`
              : `To ${recipient ?? "—"}`}
          </span>
          {error && (
            <span className="form-error" role="alert">
              {error}
            </span>
          )}
          <button type="submit" className="primary" disabled={sending || Boolean(optedOut) || !body.trim()}>
            {sending ? "Sending…" : "Send"}
          </button>
        </div>
      </form>
    </section>
  );
}
