import type { SendSmsCampaign, SendSmsCampaignTo } from "@relay/domain";

const given = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

/**
 * A `to` entry of `POST /v1/campaigns/sms` as an upsert row: a phone string (commas split
 * several), or Whippy's row (`first_name` + `last_name` make `name` when it is absent,
 * `custom_a…c` become properties, empty strings are absent). Other fields go through as they
 * are, so the upsert names what it refuses.
 */
export function recipientRows(to: SendSmsCampaignTo["to"]): unknown[] {
  return to.flatMap((entry) => {
    if (typeof entry === "string")
      return entry
        .split(",")
        .map((phone) => phone.trim())
        .filter(Boolean)
        .map((phone) => ({ phone }));
    const { first_name, last_name, custom_a, custom_b, custom_c, ...rest } = entry;
    const row: Record<string, unknown> = Object.fromEntries(
      Object.entries(rest).filter(([, value]) => value !== "" && value !== null),
    );
    const name = [first_name, last_name].filter(given).join(" ");
    if (!given(row.name) && name) row.name = name;
    const custom = Object.entries({ custom_a, custom_b, custom_c }).filter(([, value]) => given(value));
    if (custom.length > 0) {
      row.properties = {
        ...(row.properties as Record<string, unknown> | undefined),
        ...Object.fromEntries(custom),
      };
    }
    return [row];
  });
}

/** The contract request `POST /v1/campaigns/sms` stands for, and its one exclusion we act on. */
export function asContractRequest(input: SendSmsCampaignTo): {
  request: SendSmsCampaign;
  campaignsWithinDays?: number;
} {
  const request: SendSmsCampaign = {
    from: input.from,
    body: input.body,
    contacts: recipientRows(input.to),
    ...(input.title && { title: input.title }),
    ...(input.attachments?.length && { attachments: input.attachments }),
    ...(input.schedule_at && { schedule_at: input.schedule_at }),
  };
  const days = input.exclude?.lastCampaign;
  return { request, ...(days && { campaignsWithinDays: days }) };
}
