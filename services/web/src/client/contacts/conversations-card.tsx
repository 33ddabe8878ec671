import { Link } from "react-router";
import { CHANNEL_LABEL, shortTime } from "../format.js";
import { ErrorNote } from "../ui/page.js";
import { useContactConversations } from "./queries.js";
import type { ContactRecord } from "./types.js";

/** The contact's conversations, each opening in the inbox. */
export function ContactConversationsCard({ contact }: { contact: ContactRecord }) {
  const conversations = useContactConversations(contact);
  const rows = conversations.data ?? [];
  return (
    <section className="card" aria-labelledby="conversations-title">
      <h2 id="conversations-title">Conversations</h2>
      <ErrorNote error={conversations.error} />
      {!conversations.isPending && rows.length === 0 && <p className="hint">No conversations yet.</p>}
      <ul className="contact-conversations">
        {rows.map((conversation) => (
          <li key={conversation.id}>
            <Link to={`/inbox/${conversation.id}`}>
              {CHANNEL_LABEL[conversation.channel_type]} conversation
            </Link>{" "}
            <span className={`pill ${conversation.status}`}>{conversation.status}</span>{" "}
            <span className="hint">
              {shortTime(conversation.last_message_date ?? conversation.updated_at)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
