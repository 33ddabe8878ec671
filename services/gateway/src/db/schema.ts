/**
 * The gateway keeps no tables of its own (only the kit's outbox and inbox): idempotency keys
 * live with their effects in the services that own them.
 */
export type GatewayDB = Record<string, never>;
