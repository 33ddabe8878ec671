/** The public campaign routes through the gateway, as a client calls them. */
export interface CampaignApi {
  gatewayUrl: string;
  apiKey: string;
}

export interface CampaignView {
  id: string;
  status: string;
  channel_id: string;
  recipients: Record<string, number>;
  skipped: Record<string, number>;
  audience_loaded: boolean;
}

export interface PreviewView {
  audience: number;
  recipients: number;
  excluded: Record<string, number>;
  estimated_duration_seconds: number;
  send_rate: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T>(
  api: CampaignApi,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ data: T; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${api.gatewayUrl}${path}`, {
    method,
    headers: {
      "x-whippy-key": api.apiKey,
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status >= 300)
    throw new ApiError(
      res.status,
      `${method} ${path} answered ${res.status} after ${ms.toFixed(0)} ms: ${text.slice(0, 400)}`,
    );
  return { data: (JSON.parse(text) as { data: T }).data, ms };
}

/** The whole day: quiet hours never hold a recipient back during the bench (start included, end excluded). */
export const ALL_DAY = { start: "00:00", end: "23:59" };

export function createCampaign(
  api: CampaignApi,
  input: {
    title: string;
    from: string;
    body: string;
    audience: Record<string, unknown>;
    schedule_at?: string;
  },
) {
  return call<CampaignView>(api, "POST", "/v1/campaigns", {
    type: "sms",
    sending_window: ALL_DAY,
    ...input,
  });
}

export const preview = (api: CampaignApi, id: string) =>
  call<PreviewView>(api, "GET", `/v1/campaigns/${id}/preview`);
export const act = (api: CampaignApi, id: string, action: "send" | "pause" | "resume" | "cancel") =>
  call<CampaignView>(api, "POST", `/v1/campaigns/${id}/${action}`);
export const getCampaign = (api: CampaignApi, id: string) =>
  call<CampaignView>(api, "GET", `/v1/campaigns/${id}`);
