import type { RunningTwilioFake } from "@relay/testing";

/**
 * When the Twilio fake received each message, by body (the bench makes every body unique).
 * Reads the fake's list from where it left off, so polling stays cheap as the list grows.
 */
export class ProviderLog {
  private readonly receivedAt = new Map<string, number>();
  private cursor = 0;

  constructor(private readonly fake: RunningTwilioFake) {}

  private catchUp(): void {
    const messages = this.fake.messages;
    for (; this.cursor < messages.length; this.cursor++) {
      const message = messages[this.cursor];
      if (message && !this.receivedAt.has(message.body))
        this.receivedAt.set(message.body, message.dateCreated.getTime());
    }
  }

  /** How many of `bodies` the provider has received. */
  count(bodies: Iterable<string>): number {
    this.catchUp();
    let n = 0;
    for (const body of bodies) if (this.receivedAt.has(body)) n++;
    return n;
  }

  at(body: string): number | undefined {
    this.catchUp();
    return this.receivedAt.get(body);
  }

  /** Messages received in all: a second copy of a body would show here, not in `count`. */
  get total(): number {
    return this.fake.messages.length;
  }
}

/** Polls `done` until it holds or `timeoutMs` passes; true when it held. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return done();
}
