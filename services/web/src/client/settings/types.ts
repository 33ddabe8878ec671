/** What the settings screens read from `/v1` (the API's shapes, the fields the screens use). */

export type Weekday = "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";

export interface OpeningHour {
  id?: string;
  weekday: Weekday;
  opens_at: string;
  closes_at: string;
  state: "open" | "closed";
}

export interface ChannelSettings {
  id: string;
  type: "phone" | "email" | "whatsapp";
  name: string;
  phone?: string;
  address?: string;
  timezone: string;
  automatic_response_open?: string;
  automatic_response_closed?: string;
  opening_hours: OpeningHour[];
  provider: string;
  send_rate: number;
  updated_at: string;
}

export interface UserRow {
  id: number;
  name: string;
  email: string;
  role: "admin" | "agent";
  created_at: string;
}

export interface Team {
  id: string;
  name: string;
  user_ids: number[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  enabled: boolean;
  created_at: string;
  last_used_at: string | null;
}

export interface Endpoint {
  id: string;
  url: string;
  event_types: string[];
  active: boolean;
  description: string | null;
  disabled_reason: string | null;
  created_at: string;
  signing_secret?: string;
}

export interface Delivery {
  id: string;
  event_id: string;
  event: string;
  status: "pending" | "succeeded" | "failed" | "canceled";
  attempts: number;
  response_code: number | null;
  latency_ms: number | null;
  error: string | null;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  created_at: string;
}

export interface Page<T> {
  data: T[];
  total: number;
}
