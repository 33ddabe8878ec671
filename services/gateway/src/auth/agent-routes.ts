/** One kind of request an agent's session may make: methods on a path under `/v1`. */
export interface AgentRule {
  methods: readonly string[];
  /** Leading path segments after `/v1`; `*` matches any one segment (an id). */
  prefix: readonly string[];
  /** The path is exactly `prefix`, not something below it. */
  exact?: boolean;
}

/**
 * What an agent's web session may do; everything else (settings, users, API keys, campaigns,
 * sequences, bulk sends) answers 403. Which channels they act on is enforced by the owners
 * (conversations, core) from the channel scope the gateway sends.
 */
export const AGENT_ROUTES: readonly AgentRule[] = [
  { methods: ["GET", "PUT"], prefix: ["conversations"] },
  { methods: ["POST"], prefix: ["conversations", "search"], exact: true },
  { methods: ["POST"], prefix: ["messaging", "sms"], exact: true },
  { methods: ["POST"], prefix: ["messaging", "email"], exact: true },
  { methods: ["POST"], prefix: ["messaging", "whatsapp"], exact: true },
  // Internal notes: never sent, and kept to the agent's channels by conversations.
  { methods: ["POST"], prefix: ["messaging", "note"], exact: true },
  { methods: ["POST"], prefix: ["messages", "sms"], exact: true },
  { methods: ["POST"], prefix: ["messages", "email"], exact: true },
  // Includes a contact's consent history and campaigns: the owners keep them to the agent's channels.
  { methods: ["GET", "POST", "PUT"], prefix: ["contacts"] },
  { methods: ["GET"], prefix: ["channels"] },
  { methods: ["GET"], prefix: ["users"] },
  { methods: ["GET"], prefix: ["teams"] },
  // The composer offers saved messages; writing the catalogue is the admins'.
  { methods: ["GET"], prefix: ["automations", "templates"] },
  { methods: ["GET"], prefix: ["organization"], exact: true },
];

/** Whether an agent may make this request (`pathname` is the raw `/v1/...` path). */
export function agentMayCall(method: string, pathname: string, rules = AGENT_ROUTES): boolean {
  const rest = pathname
    .split("/")
    .filter((segment) => segment !== "")
    .slice(1);
  const verb = method === "HEAD" ? "GET" : method;
  return rules.some(
    (rule) =>
      rule.methods.includes(verb) &&
      (rule.exact ? rest.length === rule.prefix.length : rest.length >= rule.prefix.length) &&
      rule.prefix.every((part, i) => part === "*" || part === rest[i]),
  );
}
