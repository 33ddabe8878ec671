/** Anything that can be started in-process on a free port and stopped (every service's `start`). */
export interface Startable {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface BootedServices<K extends string> {
  services: Record<K, Startable>;
  stopAll(): Promise<void>;
}

/**
 * Boots a set of services in order (later ones may need earlier ones' URLs, so each
 * starter receives the ones started so far) and stops them in reverse order.
 */
export async function bootServices<K extends string>(
  starters: Array<[K, (started: Partial<Record<K, Startable>>) => Promise<Startable>]>,
): Promise<BootedServices<K>> {
  const started: Partial<Record<K, Startable>> = {};
  const order: Startable[] = [];
  const stopAll = async () => {
    for (const service of order.reverse()) await service.stop();
  };
  try {
    for (const [name, start] of starters) {
      const service = await start(started);
      started[name] = service;
      order.push(service);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { services: started as Record<K, Startable>, stopAll };
}
