/** The app's one way to the server: `/v1` (the public API, with the session) and `/app/api` (web's own). */

export interface ApiError {
  status: number;
  message: string;
  /** A 422's problems, one per field (`steps.0.body`, `contacts.3.phone`…). */
  details?: Array<{ field: string; message: string }>;
}

let csrfToken = "";

/** Set from the session; sent on every state change (the gateway and web refuse one without it). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: string; details?: ApiError["details"] };
  if (!res.ok)
    throw {
      status: res.status,
      message: json.error ?? `request failed (${res.status})`,
      ...(json.details && { details: json.details }),
    } satisfies ApiError;
  return json as T;
}

export const v1 = {
  get: <T>(path: string) => request<T>("GET", `/v1${path}`),
  post: <T>(path: string, body: unknown) => request<T>("POST", `/v1${path}`, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", `/v1${path}`, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", `/v1${path}`, body),
  delete: <T>(path: string, body?: unknown) => request<T>("DELETE", `/v1${path}`, body),
};

export const webApi = {
  get: <T>(path: string) => request<T>("GET", `/app/api${path}`),
  post: <T>(path: string, body: unknown) => request<T>("POST", `/app/api${path}`, body),
  delete: <T>(path: string) => request<T>("DELETE", `/app/api${path}`),
};

export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as ApiError).message);
  return String(error);
}

export function errorStatus(error: unknown): number | undefined {
  return error && typeof error === "object" && "status" in error ? (error as ApiError).status : undefined;
}

/** A 422's message for one field (exact, or the first below it: `to` matches `to.0.phone`). */
export function fieldError(error: unknown, field: string): string | undefined {
  const details = error && typeof error === "object" && "details" in error ? (error as ApiError).details : [];
  return details?.find((d) => d.field === field || d.field.startsWith(`${field}.`))?.message;
}
