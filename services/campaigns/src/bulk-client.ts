import { type BulkMessage, BulkSendResult, UnavailableError } from "@relay/domain";
import { INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER } from "@relay/service-kit";
import { Agent, request } from "undici";

export interface BulkSender {
  send(organizationId: string, rows: BulkMessage[]): Promise<BulkSendResult>;
  /** Which of up to 1,000 contacts refuse the channel now (previews only: the send gate decides). */
  optedOut(organizationId: string, channelId: string, contactIds: string[]): Promise<string[]>;
  /** Which of up to 1,000 contacts sent the organization anything since `since` (an exclusion). */
  replied(organizationId: string, contactIds: string[], since: Date): Promise<string[]>;
}

/**
 * Conversations' `POST /v1/messaging/bulk` with the internal token. Every row carries its key,
 * so a call whose answer was lost is simply made again: conversations answers what it stored.
 */
export function bulkClient(baseUrl: string, internalToken: string, timeoutMs: number): BulkSender {
  const agent = new Agent({ connections: 8, keepAliveTimeout: 4_000, headersTimeout: timeoutMs });
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
