import type { AudienceContact } from "@relay/domain";
import type { CampaignRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { smsSegments } from "../rules/index.js";
import { scanAudience } from "./audience-pages.js";
import { campaignChannel } from "./campaign-channel.js";
import { compileBody, propertyKeysOf } from "./campaign-template.js";
import { storedAudience } from "./campaign-view.js";
import { estimateFinish } from "./estimate-finish.js";
import { planPage } from "./plan-page.js";
import { campaignRow } from "./read-campaigns.js";

export interface CampaignPreview {
  /** Distinct contacts the audience names. */
  audience: number;
  /** Who would be sent to, after every exclusion below. */
  recipients: number;
  /** Contacts named more than once (inline twice, or inline and by the filter), counted once. */
  duplicates: number;
  excluded: {
    opted_out: number;
    no_address: number;
    missing_variable: number;
    recent_campaign: number;
    recently_replied: number;
  };
  /** Variables without a value and without a default, with how many recipients lack each. */
  missing_variables: Record<string, number>;
  samples: Array<{ contact_id: string; name?: string; to: string; text?: string; segments?: number }>;
  /** SMS only: segments per message (largest rendering) and in all; the encoding of the largest. */
  segments?: { encoding: string; per_message: number; total: number };
  send_rate: number;
  estimated_duration_seconds: number;
  estimated_start: string;
  estimated_finish: string;
  /** The zone the estimate reads the sending window in (the channel's); each recipient waits for their own. */
  estimate_time_zone: string;
}

const CONSENT_SLICE = 1000;
/** Texts whose segments are remembered during one preview (most recipients share a text or a few). */
const SEGMENT_MEMO = 10_000;

export interface PreviewOptions {
  samples: number;
  /** Count SMS segments (the send's own check does not need them). */
  segments?: boolean;
}

/** `fn` remembered for up to `size` distinct arguments (then it simply computes). */
function memoized<T>(fn: (text: string) => T, size: number): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined) return known;
    const value = fn(text);
    if (memo.size < size) memo.set(text, value);
    return value;
  };
}

/**
 * `GET /v1/campaigns/{id}/preview`: the audience read page by page (never held whole) and
 * counted as the send would treat it: consent (asked of conversations), addresses, template
 * variables, duplicates; samples rendered; SMS segments; duration at the channel's send rate
 * inside the sending window, and the finish time that gives.
 */
export async function previewCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
  options: PreviewOptions = { samples: 3 },
): Promise<CampaignPreview> {
  return previewOf(deps, await campaignRow(deps, organizationId, id), options);
}

/** The preview of a campaign row, stored or not yet (the contract route checks before it stores). */
export async function previewOf(
  deps: CampaignsDeps,
  row: CampaignRow,
  options: PreviewOptions = { samples: 3 },
): Promise<CampaignPreview> {
  const countSegments = options.segments ?? true;
  const segmentsOf = memoized(smsSegments, SEGMENT_MEMO);
  const organizationId = row.organization_id;
  const channel = await campaignChannel(deps, organizationId, {
    type: row.type as "sms",
    channel_id: row.channel_id,
  });
  const template = compileBody(row.body);
  const inline = new Set(storedAudience(row).inline_ids);
  const preview: CampaignPreview = {
    audience: 0,
    recipients: 0,
    duplicates: Math.max(0, (row.inline_contacts ?? 0) - inline.size),
    excluded: { opted_out: 0, no_address: 0, missing_variable: 0, recent_campaign: 0, recently_replied: 0 },
    missing_variables: {},
    samples: [],
    send_rate: channel.send_rate,
    estimated_duration_seconds: 0,
    estimated_start: "",
    estimated_finish: "",
    estimate_time_zone: channel.timezone,
  };
  let largest: ReturnType<typeof smsSegments> | undefined;
  let totalSegments = 0;
  let unchecked: Array<{ contact: AudienceContact; text?: string }> = [];

  const checkConsent = async () => {
    if (unchecked.length === 0) return;
    const batch = unchecked;
    unchecked = [];
    const refused = new Set(
      await deps.bulk.optedOut(
        organizationId,
        row.channel_id,
        batch.map((b) => b.contact.id),
      ),
    );
    for (const { contact, text } of batch) {
      if (refused.has(contact.id)) {
        preview.excluded.opted_out++;
        continue;
      }
      preview.recipients++;
      const segments =
        countSegments && row.type === "sms" && text !== undefined ? segmentsOf(text) : undefined;
      if (segments) {
        totalSegments += segments.segments;
        if (!largest || segments.segments > largest.segments) largest = segments;
      }
      if (preview.samples.length < options.samples) {
        const to = (row.type === "email" ? contact.email : contact.phone) ?? "";
        preview.samples.push({
          contact_id: contact.id,
          ...(contact.name && { name: contact.name }),
          to,
          ...(text !== undefined && { text }),
          ...(segments && { segments: segments.segments }),
        });
      }
    }
  };

  const now = deps.now();
  await scanAudience(deps, row, propertyKeysOf(template), async (contacts, phase) => {
    const named = contacts.filter((contact) => phase !== "filter" || !inline.has(contact.id));
    preview.duplicates += contacts.length - named.length;
    preview.audience += named.length;
    for (const { contact, plan } of await planPage(deps, row, channel, template, named, now, {
      preview: true,
    })) {
      if (plan.skip) {
        preview.excluded[plan.skip]++;
        if (plan.skip === "missing_variable")
          for (const variable of plan.missing)
            preview.missing_variables[variable] = (preview.missing_variables[variable] ?? 0) + 1;
        continue;
      }
      unchecked.push({ contact, ...(plan.text !== undefined && { text: plan.text }) });
      if (unchecked.length >= CONSENT_SLICE) await checkConsent();
    }
  });
  await checkConsent();

  if (row.type === "sms" && largest) {
    preview.segments = { encoding: largest.encoding, per_message: largest.segments, total: totalSegments };
  }
  const start = row.schedule_at && new Date(row.schedule_at) > now ? new Date(row.schedule_at) : now;
  const estimate = estimateFinish({
    start,
    messages: preview.recipients,
    rate: channel.send_rate,
    timeZone: channel.timezone,
    window: { start: row.window_start, end: row.window_end },
  });
  preview.estimated_duration_seconds = Math.ceil(preview.recipients / channel.send_rate);
  preview.estimated_start = estimate.start.toISOString();
  preview.estimated_finish = estimate.finish.toISOString();
  return preview;
}
