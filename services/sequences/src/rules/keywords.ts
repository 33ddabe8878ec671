import { keywordOf } from "@relay/domain";

/**
 * A reply that is an opt-out keyword opts the contact out in conversations, so here it stops the
 * run as an opt-out rather than taking `on_reply` (the `consent.changed` event may come before or
 * after the message's).
 */
export const isOptOutKeyword = (body: string) => keywordOf(body) === "opt_out";
