import type { IncomingMessage, ServerResponse } from "node:http";
import { TwilioApiError, twilioErrors } from "./errors.js";
import { basicAuth, readBody, sendJson } from "./http-server.js";
import { messagePage } from "./message-list.js";
import { type MessageRequest, parseMessageRequest } from "./message-request.js";
import { type FakeMessage, messageJson } from "./message-resource.js";
import { decodeForm } from "./signature.js";

export interface TwilioApiDeps {
  /** Account SID → auth token. */
  accounts: Readonly<Record<string, string>>;
  /** The next injected failure, if the test asked for one. */
  takeInjectedFailure(): TwilioApiError | undefined;
  createMessage(accountSid: string, request: MessageRequest): FakeMessage;
  findMessage(accountSid: string, sid: string): FakeMessage | undefined;
  /** The account's messages, newest first. */
  listMessages(accountSid: string): FakeMessage[];
  /** How long a create's answer is held after the message is recorded (a slow Twilio). */
  responseDelayMs(): number;
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

function authenticate(
  req: IncomingMessage,
  accounts: TwilioApiDeps["accounts"],
  pathAccountSid: string,
): void {
  const credentials = basicAuth(req);
  const token = credentials ? accounts[credentials.username] : undefined;
  const valid = credentials && token !== undefined && token === credentials.password;
  if (!valid || credentials.username !== pathAccountSid) throw twilioErrors.authenticate();
}

/** Twilio's REST API for Messages: create (form POST), list and fetch, behind HTTP Basic auth. */
export function twilioApiHandler(deps: TwilioApiDeps) {
  const route = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const list = MESSAGES.exec(path);
    const one = MESSAGE.exec(path);
    const accountSid = list?.[1] ?? one?.[1];
    if (accountSid === undefined) throw twilioErrors.notFound(path);
    const allowed = list ? ["POST", "GET"] : ["GET"];
    if (!allowed.includes(req.method ?? "")) throw new TwilioApiError(20004, "Method not allowed", 405);
    // Injected failures stand for a failing send: they answer message creates only.
    const failure = list && req.method === "POST" ? deps.takeInjectedFailure() : undefined;
    if (failure) throw failure;
    authenticate(req, deps.accounts, accountSid);
    if (list && req.method === "GET") {
      const url = new URL(req.url ?? "/", "http://fake");
      sendJson(res, 200, messagePage(url, deps.listMessages(accountSid)));
      return;
    }
    if (list) {
      const request = parseMessageRequest(decodeForm(await readBody(req)));
      const created = deps.createMessage(accountSid, request);
      const delay = deps.responseDelayMs();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      sendJson(res, 201, messageJson(created));
      return;
    }
    const message = deps.findMessage(accountSid, one?.[2] ?? "");
    if (!message) throw twilioErrors.notFound(path);
    sendJson(res, 200, messageJson(message));
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    try {
      await route(req, res, path);
    } catch (error) {
      const known = error instanceof TwilioApiError ? error : twilioErrors.internal();
      const headers: Record<string, string> =
        known.status === 401 ? { "www-authenticate": 'Basic realm="Twilio API"' } : {};
      sendJson(res, known.status, known.toJSON(), headers);
    }
  };
}
