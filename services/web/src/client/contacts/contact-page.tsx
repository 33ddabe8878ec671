import { Link, useParams } from "react-router";
import { errorStatus } from "../api.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { CampaignHistory } from "./campaign-history.js";
import { ConsentCard } from "./consent-card.js";
import { ContactConversationsCard } from "./conversations-card.js";
import { DetailsCard } from "./details-card.js";
import { PropertiesCard } from "./properties-card.js";
import { useContactRecord } from "./queries.js";
import { TagsCard } from "./tags-card.js";

/** `/app/contacts/:id`: the contact's fields, tags, properties, consent (with its history), conversations and campaigns. */
export function ContactPage() {
  const { id } = useParams();
  const contact = useContactRecord(id);
  const title = contact.data
    ? contact.data.name || contact.data.phone || contact.data.email || "Contact"
    : "Contact";
  return (
    <section className="page contact-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/contacts">Contacts</Link>
      </nav>
      <PageHeader title={title} />
      {contact.isPending && <p className="hint">Loading…</p>}
      {contact.isError &&
        (errorStatus(contact.error) === 404 ? (
          <p className="hint">No such contact in this organization.</p>
        ) : (
          <ErrorNote error={contact.error} />
        ))}
      {contact.data && (
        <div className="contact-cards">
          <div className="contact-column">
            <DetailsCard contact={contact.data} />
            <TagsCard contact={contact.data} />
            <PropertiesCard contact={contact.data} />
          </div>
          <div className="contact-column">
            <ConsentCard contactId={contact.data.id} />
            <ContactConversationsCard contact={contact.data} />
            <section className="card" aria-labelledby="campaigns-title">
              <h2 id="campaigns-title">Campaigns</h2>
              <CampaignHistory contactId={contact.data.id} limit={10} />
            </section>
          </div>
        </div>
      )}
    </section>
  );
}
