/** The contact as `/v1/contacts` answers it (the fields these screens show and edit). */
export interface ContactRecord {
  id: string;
  name?: string;
  phone?: string;
  email?: string;
  external_id?: string;
  language?: string;
  properties: Record<string, unknown>;
  tags: string[];
  state: "open" | "archived" | "blocked";
  blocked: boolean;
  created_at: string;
  updated_at: string;
}

/** One row's fate in `PUT /v1/contacts/upsert`. */
export interface UpsertOutcome {
  index: number;
  status: "created" | "updated" | "unchanged" | "conflict" | "invalid";
  id?: string;
  error?: string;
  details?: Array<{ field: string; message: string }>;
}

export interface UpsertResult {
  message: string;
  results: UpsertOutcome[];
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  invalid: number;
}
