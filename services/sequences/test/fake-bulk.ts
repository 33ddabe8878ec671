import type { BulkMessage, BulkSendResult } from "@relay/domain";
import type { BulkSender } from "@relay/service-kit";

export interface FakeMessage {
  id: string;
  body: string | undefined;
  contact_id: string | undefined;
}

/**
 * Conversations' bulk path as sequences sees it: each key's message is stored on its first
 * call, and a key sent again answers the same message, creating nothing (as conversations
 * does). Every call is kept, repeats included, so a test sees a step handed off twice.
 */
export class FakeBulkPath implements BulkSender {
  /** Every row received, in calls, repeats included. */
  readonly calls: BulkMessage[][] = [];
  /** Messages actually created, by key. */
  readonly sent = new Map<string, FakeMessage>();
  /** Contacts refused as opted out. */
  readonly optedOut = new Set<string>();
  /** Contacts whose WhatsApp window is closed: free-form rows to them are refused. */
  readonly outsideWindow = new Set<string>();
  /** Set: the next call stores its rows, then fails (the answer lost in a crash). */
  loseNextAnswer = false;
  /** Set: calls wait for it after storing their rows. */
  hold: Promise<void> | undefined;

  async send(_organization: string, rows: BulkMessage[]): Promise<BulkSendResult> {
    this.calls.push(rows);
    const results = rows.map((row, index) => {
      const key = row.key as string;
      if (row.contact_id && this.optedOut.has(row.contact_id)) {
        return {
          index,
          key,
          status: "refused" as const,
          error: { code: "opted_out" as const, message: "the contact opted out of this channel" },
        };
      }
      if (
        row.type === "whatsapp" &&
        !row.template &&
        row.contact_id &&
        this.outsideWindow.has(row.contact_id)
      ) {
        return {
          index,
          key,
          status: "refused" as const,
          error: {
            code: "outside_window" as const,
            message: "the 24-hour window is closed: send a template",
          },
        };
      }
      let message = this.sent.get(key);
      if (!message) {
        message = {
          id: crypto.randomUUID(),
          body: "body" in row ? row.body : undefined,
          contact_id: row.contact_id,
        };
        this.sent.set(key, message);
      }
      return { index, key, status: "queued" as const, id: message.id, contact_id: row.contact_id };
    });
    if (this.hold) await this.hold;
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error("connection reset after conversations stored the rows");
    }
    return { results, queued: rows.length, scheduled: 0, refused: 0 };
  }

  /** How many times each key was received. */
  receipts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of this.calls.flat())
      counts.set(row.key as string, (counts.get(row.key as string) ?? 0) + 1);
    return counts;
  }
}
