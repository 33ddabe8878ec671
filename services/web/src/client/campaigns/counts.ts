import type { Campaign, CampaignStatus, RecipientState } from "./types.js";

const NUMBER = new Intl.NumberFormat("en-US");

/** "1,234"; nothing known yet reads as 0. */
export function formatCount(value: number | undefined): string {
  return NUMBER.format(value ?? 0);
}

/** A share of a whole as "42%" (one decimal under 10%), "–" when the whole is 0. */
export function percentOf(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const share = (part / whole) * 100;
  if (share > 0 && share < 10) return `${share.toFixed(1).replace(/\.0$/, "")}%`;
  return `${Math.round(share)}%`;
}

export interface CountCell {
  key: string;
  label: string;
  value: number;
  /** Of what it is a share, shown beside it ("of delivered"). */
  rate?: string;
}

/** Every recipient stored so far, whatever their state (skipped included). */
export function recipientTotal(campaign: Pick<Campaign, "recipients">): number {
  return Object.values(campaign.recipients).reduce((sum, n) => sum + (n ?? 0), 0);
}

/**
 * A campaign's counts as the list and the detail show them: recipients, handed over, delivered,
 * failed, replies, opted out, clicks, skipped, pending; replies, opt-outs and clicks as shares of
 * the delivered (as the API's analytics rates are).
 */
export function campaignCounts(campaign: Campaign): CountCell[] {
  const delivered = campaign.recipients.delivered ?? 0;
  const ofDelivered = (n: number) => (delivered > 0 ? `${percentOf(n, delivered)} of delivered` : undefined);
  const cells: CountCell[] = [
    { key: "recipients", label: "Recipients", value: recipientTotal(campaign) },
    { key: "sent", label: "Sent", value: campaign.sent_messages },
    { key: "delivered", label: "Delivered", value: delivered },
    { key: "failed", label: "Failed", value: campaign.failed_deliveries },
    { key: "replies", label: "Replies", value: campaign.responses },
    { key: "opted_out", label: "Opted out", value: campaign.unsubscribes },
    { key: "clicks", label: "Link clicks", value: campaign.link_clicks },
    { key: "skipped", label: "Skipped", value: campaign.recipients.skipped ?? 0 },
    { key: "pending", label: "Waiting", value: campaign.slated_messages },
  ];
  return cells.map((cell) => {
    const rate =
      cell.key === "replies" || cell.key === "opted_out" || cell.key === "clicks"
        ? ofDelivered(cell.value)
        : undefined;
    return rate ? { ...cell, rate } : cell;
  });
}

export const STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  paused: "Paused",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const RECIPIENT_STATE_LABEL: Record<RecipientState, string> = {
  pending: "Waiting",
  queued: "Queued",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Failed",
  skipped: "Skipped",
};

/** Why a recipient was left out (the preview's and the recipients' reasons), in words. */
export const SKIP_REASON_LABEL: Record<string, string> = {
  opted_out: "Opted out",
  no_address: "No address for the channel",
  missing_variable: "Missing a template variable",
  recent_campaign: "Had a recent campaign",
  recently_replied: "Replied recently",
  cancelled: "Campaign cancelled",
};

export const skipReasonLabel = (reason: string) => SKIP_REASON_LABEL[reason] ?? reason.replaceAll("_", " ");

/** What each action may start from (the API answers 409 otherwise; the buttons follow the same table). */
export const ACTIONS_FROM: Record<"pause" | "resume" | "cancel", CampaignStatus[]> = {
  pause: ["scheduled", "sending"],
  resume: ["paused"],
  cancel: ["draft", "scheduled", "sending", "paused"],
};

/** "2 h 5 min", "40 s": an estimate's duration. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
