import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface LiveViewer {
  close(): void;
}

/**
 * The demo admin signed in to the web app with its live stream open for the whole run, as a
 * team using the inbox would be: web stores live rows only for organizations with a session
 * (decision 59), so without a viewer the bench would leave web's feed out of the cost.
 */
export async function openLiveViewer(gatewayUrl: string, stateDir: string): Promise<LiveViewer> {
  const login = JSON.parse(readFileSync(join(stateDir, "demo-login.json"), "utf8")) as {
    email: string;
    password: string;
  };
  const res = await fetch(`${gatewayUrl}/app/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: login.email, password: login.password }),
  });
  if (res.status !== 201) throw new Error(`the bench's web login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  await res.arrayBuffer();
  const abort = new AbortController();
  const stream = await fetch(`${gatewayUrl}/app/api/events`, {
    headers: { cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
  if (stream.status !== 200) throw new Error(`the bench's live stream answered ${stream.status}`);
  // Read and drop what the stream pushes, as a browser tab would read it.
  const reader = stream.body?.getReader();
  void (async () => {
    try {
      while (reader && !(await reader.read()).done) {}
    } catch {
      // aborted at the end of the run
    }
  })();
  return { close: () => abort.abort() };
}
