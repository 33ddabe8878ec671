import { z } from "zod";
import type { WhatsAppAccount } from "../channels/directory.js";
import { graphError, unreachable } from "./provider-error.js";

const SendAnswer = z.object({
  messaging_product: z.literal("whatsapp"),
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })).optional(),
  messages: z.array(z.object({ id: z.string().min(1) })).min(1),
});

/** POSTs one message to `{apiUrl}/{version}/{phone-number-id}/messages`; returns its wamid. */
export async function postMessage(
  account: WhatsAppAccount,
  options: { apiVersion: string; timeoutMs: number },
  body: Record<string, unknown>,
): Promise<string> {
  const url = `${account.apiUrl}/${options.apiVersion}/${encodeURIComponent(account.phoneNumberId)}/messages`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await res.text();
  } catch (error) {
    throw unreachable(error);
  }
  if (!res.ok) throw graphError(res.status, text);
  const answer = SendAnswer.safeParse(JSON.parse(text));
  if (!answer.success) throw unreachable(new Error(`unexpected send answer: ${text.slice(0, 200)}`));
  const [first] = answer.data.messages;
  if (!first) throw unreachable(new Error("the send answer has no message id"));
  return first.id;
}
