import { DEFAULT_RESTART_POLICY, nextRestart, type RestartPolicy, seconds } from "./backoff.js";
import {
  describeExit,
  isRunning,
  type ServiceProcess,
  signal,
  spawnService,
  stopProcess,
} from "./processes.js";
import { waitUntilReady } from "./readiness.js";
import type { ServiceSpec } from "./settings.js";

export interface SupervisorOptions {
  /** Environment shared by every service (each spec adds its own). */
  env: Record<string, string>;
  /** One line per restart, and when a restarted service is ready again. */
  log(line: string): void;
  /** Called whenever a service's process starts or exits, e.g. to keep a pid file. */
  onChange?(pids: Record<string, number>): void;
  policy?: RestartPolicy;
  readyTimeoutMs?: number;
  /** How long a service may take to stop on SIGTERM before it is killed. */
  graceMs?: number;
}

interface Slot {
  spec: ServiceSpec;
  index: number;
  current: ServiceProcess | undefined;
  /** See NextRestart. */
  quickRestarts: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Runs the stack's services: each is started in turn and must become ready (a failure there is
 * the caller's start-up failure); once ready, a service that exits unexpectedly is restarted
 * with exponential backoff while the others keep serving. `stop()` ends it all, in reverse order.
 */
export class Supervisor {
  private readonly slots: Slot[] = [];
  private readonly policy: RestartPolicy;
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
  }

  get stopping(): boolean {
    return this.stopped !== undefined;
  }

  /** Starts a service and waits until it is ready; throws if it exits first or is not ready in time. */
  async start(spec: ServiceSpec): Promise<void> {
    const slot: Slot = {
      spec,
      index: this.slots.length,
      current: undefined,
      quickRestarts: 0,
      timer: undefined,
    };
    this.slots.push(slot);
    const service = this.spawn(slot);
    await waitUntilReady(service, this.options.readyTimeoutMs);
    this.superviseExit(slot, service);
  }

  /** The pid of each running service, by name. */
  pids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const slot of this.slots)
      if (slot.current && isRunning(slot.current)) pids[slot.spec.name] = slot.current.pid;
    return pids;
  }

  /** Stops every service in reverse start order (SIGTERM, SIGKILL after the grace period); no restart after this. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const slot of this.slots) clearTimeout(slot.timer);
      for (const slot of [...this.slots].reverse())
        if (slot.current) await stopProcess(slot.current, this.options.graceMs ?? 15_000);
    })();
    return this.stopped;
  }

  /** The last resort (an impatient second signal, the launcher exiting): SIGKILL everything at once. */
  killAll(): void {
    this.stopped ??= Promise.resolve();
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      if (slot.current) signal(slot.current, "SIGKILL");
    }
  }

  private spawn(slot: Slot): ServiceProcess {
    if (this.stopping) throw new Error(`not starting ${slot.spec.name}: the stack is stopping`);
    const service = spawnService(slot.spec, slot.index, this.options.env);
    slot.current = service;
    this.options.onChange?.(this.pids());
    void service.exited.then(() => this.options.onChange?.(this.pids()));
    return service;
  }

  private superviseExit(slot: Slot, service: ServiceProcess): void {
    void service.exited.then((exit) => {
      if (this.stopping || slot.current !== service) return;
      slot.current = undefined;
      const upMs = Date.now() - service.startedAt;
      const next = nextRestart(this.policy, slot.quickRestarts, upMs);
      slot.quickRestarts = next.quickRestarts;
      const looping = next.capped
        ? `; it keeps crashing: retrying every ${seconds(next.delayMs)} until it stays up ${seconds(this.policy.stableMs)}`
        : "";
      this.options.log(
        `${slot.spec.name} ${describeExit(exit)} after ${seconds(upMs)}; restarting it in ${seconds(next.delayMs)} (restart ${next.quickRestarts})${looping}`,
      );
      slot.timer = setTimeout(() => this.restart(slot), next.delayMs);
    });
  }

  private restart(slot: Slot): void {
    slot.timer = undefined;
    if (this.stopping) return;
    const service = this.spawn(slot);
    this.superviseExit(slot, service);
    waitUntilReady(service, this.options.readyTimeoutMs).then(
      () => this.options.log(`${slot.spec.name} is ready again (pid ${service.pid})`),
      (error: Error) => {
        // An exit is reported (and retried) by superviseExit; only a hang needs saying here.
        if (isRunning(service) && !this.stopping)
          this.options.log(`${slot.spec.name} restarted, but ${error.message}`);
      },
    );
  }
}
