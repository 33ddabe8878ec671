import { type BulkMessage, BulkSendResult, UnavailableError } from "@relay/domain";
import { Agent, request } from "undici";
import { INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER } from "../http.js";

/** What campaigns and sequences ask of conversations: the bulk send path and two audience lookups. */
export interface ConversationsClient {
  send(organizationId: string, rows: BulkMessage[]): Promise<BulkSendResult>;
  /** Which of up to 1,000 contacts refuse the channel now (previews only: the send gate decides). */
  optedOut(organizationId: string, channelId: string, contactIds: string[]): Promise<string[]>;
  /** Which of up to 1,000 contacts sent the organization anything since `since` (an exclusion). */
  replied(organizationId: string, contactIds: string[], since: Date): Promise<string[]>;
}

/** The bulk send path alone (what a sender needs). */
export type BulkSender = Pick<ConversationsClient, "send">;

/**
 * Conversations' internal API with the internal token: `POST /v1/messaging/bulk` (every row
 * carries its key, so a call whose answer was lost is simply made again: conversations answers
 * what it stored) and the lookups under `/v1/messaging`.
 */
export function conversationsClient(
  baseUrl: string,
  internalToken: string,
  timeoutMs: number,
  connections = 8,
): ConversationsClient {
  const agent = new Agent({ connections, keepAliveTimeout: 4_000, headersTimeout: timeoutMs });
  const post = async (organization: string, path: string, body: unknown): Promise<unknown> => {
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(`${baseUrl}/v1/messaging/${path}`, {
        method: "POST",
        dispatcher: agent,
        headers: {
          "content-type": "application/json",
          [INTERNAL_TOKEN_HEADER]: internalToken,
          [ORGANIZATION_HEADER]: organization,
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new UnavailableError("conversations is unavailable", error);
    }
    const text = await answer.body.text();
    if (answer.statusCode !== 200) {
      throw new UnavailableError(`conversations answered ${answer.statusCode}: ${text.slice(0, 300)}`);
    }
    return (JSON.parse(text) as { data: unknown }).data;
  };
  return {
    async send(organizationId, rows) {
      return BulkSendResult.parse(await post(organizationId, "bulk", { messages: rows }));
    },
    async optedOut(organizationId, channelId, contactIds) {
      const data = await post(organizationId, "consent/opted_out", {
        channel_id: channelId,
        contact_ids: contactIds,
      });
      return (data as { opted_out: string[] }).opted_out;
    },
    async replied(organizationId, contactIds, since) {
      const data = await post(organizationId, "replied", {
        contact_ids: contactIds,
        since: since.toISOString(),
      });
      return (data as { replied: string[] }).replied;
    },
  };
}
