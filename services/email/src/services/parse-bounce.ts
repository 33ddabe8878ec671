import type { ParsedMail } from "mailparser";

export interface Bounce {
  /** The bounced message's `Message-ID`, angle brackets included. */
  originalMessageId: string;
  recipient?: string;
  /** The DSN `Status` (e.g. `5.1.1`). */
  status?: string;
  diagnostic?: string;
}

function field(report: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t]+.*)*)`, "im").exec(report);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, " ").trim();
}

/** A delivery status notification (multipart/report; report-type=delivery-status), or undefined. */
export function parseBounce(mail: ParsedMail): Bounce | undefined {
  const type = mail.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (type?.value?.toLowerCase() !== "multipart/report") return undefined;
  if (type.params?.["report-type"]?.toLowerCase() !== "delivery-status") return undefined;
  const parts = mail.attachments.map((part) => ({
    type: part.contentType.toLowerCase(),
    text: part.content.toString("utf8"),
  }));
  // mailparser may fold a message/delivery-status part into the text body instead of an attachment.
  const report = parts.find((part) => part.type === "message/delivery-status")?.text ?? mail.text ?? "";
  const original =
    parts.find((part) => part.type === "message/rfc822" || part.type === "text/rfc822-headers")?.text ?? "";
  const originalMessageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(original)?.[1];
  if (!originalMessageId) return undefined;
  const recipient = field(report, "Final-Recipient")?.replace(/^[^;]*;\s*/, "");
  return {
    originalMessageId,
    recipient,
    status: field(report, "Status"),
    diagnostic: field(report, "Diagnostic-Code")?.replace(/^smtp;\s*/i, ""),
  };
}
