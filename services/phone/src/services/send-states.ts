import { canAdvance, DeliveryStatus } from "@relay/domain";
import type { SendState } from "@relay/service-kit";

const MAX_ENTRIES = 50_000;

/**
 * What this instance last committed about its recent sends: whose each is, its provider id and
 * a status it has reached at least. Statuses only move forward, so a remembered status can lag
 * the ledger but never lead it: a callback that is no step forward from it is none from the
 * ledger's either and costs no statement, and one that is gets the ledger's guarded update.
 */
export class SendStates {
  private readonly states = new Map<string, SendState>();

  /** The send, if remembered with exactly this provider id. */
  get(messageId: string, providerId: string): SendState | undefined {
    const state = this.states.get(messageId);
    return state?.provider_message_id === providerId ? state : undefined;
  }

  /** Remembers that the send has reached `state.status` (an older status never replaces a newer). */
  reached(state: SendState): void {
    const known = this.states.get(state.message_id);
    if (
      known &&
      known.provider_message_id === state.provider_message_id &&
      !ahead(known.status, state.status)
    )
      return;
    if (!known && this.states.size >= MAX_ENTRIES) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
    this.states.set(state.message_id, state);
  }
}

/** Whether `next` is a step forward from `current` by the domain's order. */
export function ahead(current: string, next: string): boolean {
  const from = DeliveryStatus.safeParse(current);
  const to = DeliveryStatus.safeParse(next);
  return !from.success || !to.success || canAdvance(from.data, to.data);
}
