/** The document's introduction: how to get a key, authenticate, and read errors and limits. */
export function apiDescription(publicBaseUrl: string): string {
  return `An open omnichannel messaging API (SMS/MMS, voice, email, WhatsApp), compatible with
Whippy's public API v1: a client written for that API works against this one.

## Getting an API key (operators)

An organization and its first API key are created with the admin bootstrap route, authenticated
with the operator's \`ADMIN_TOKEN\` (not an API key):

\`\`\`sh
curl -X POST ${publicBaseUrl}/admin/organizations \\
  -H "Authorization: Bearer $ADMIN_TOKEN" -H "content-type: application/json" \\
  -d '{"name": "Acme"}'
\`\`\`

The answer holds the organization and its API key. The key is shown **once**: only its hash is
stored. \`pnpm start\` does this for you and prints a demo key.

## Authentication

Every \`/v1\` route needs your organization's API key, in the \`X-WHIPPY-KEY\` header or as
\`Authorization: Bearer <key>\`. A missing, unknown or disabled key answers \`401\`. A key reaches
its own organization only: another organization's ids answer \`404\`. A disabled key stops
working within a second.

## Errors

Errors have one shape: \`{"error": "...", "status": 422, "code": "validation_failed",
"details": [{"field": "phone", "message": "..."}], "errors": [{"description": "phone: ..."}],
"request_id": "..."}\`. \`error\` and \`status\` are Whippy's; \`code\` is stable and
machine-readable; \`details\` names each invalid field; \`errors\` (one entry per problem, naming
its field) is the shape Whippy's own clients read.

## Rate limits

Requests are limited per organization with a token bucket. Responses carry
\`X-RateLimit-Limit\` and \`X-RateLimit-Remaining\`; over the limit, \`429\` with \`Retry-After\`
(seconds).

## Request ids

Send \`X-Request-Id\` (letters, digits, \`._:-\`, up to 128) to trace a request, or let the API make
one. Every response, errors included, returns it in \`X-Request-Id\`.`;
}
