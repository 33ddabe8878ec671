/** A V8 `.cpuprofile` (what node:inspector's Profiler and `node --cpu-prof` write). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

export interface Entry {
  name: string;
  ms: number;
  /** Share of the busy time (everything but idle). */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  byFunction: Entry[];
  byFile: Entry[];
  byPackage: Entry[];
  /** Time with the package anywhere on the stack: what it costs with what it calls (native writes…). */
  byPackageInclusive: Entry[];
}

const IDLE = new Set(["(idle)", "(root)"]);

/** `…/node_modules/.pnpm/x@1/node_modules/@scope/pkg/lib/a.js` → `@scope/pkg`; workspace → `services/phone`. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = path.slice(modules + "/node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  const workspace = /\/((?:services|packages|scripts|bench)\/[^/]+)\//.exec(path);
  return workspace?.[1] ?? path;
}

export function fileOf(url: string, functionName: string): string {
  if (!url) return packageOf(url, functionName);
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules >= 0) return path.slice(modules + "/node_modules/".length);
  return /\/((?:services|packages|scripts|bench)\/.*)$/.exec(path)?.[1] ?? path;
}

/** Self time (each sample's time until the next one) by function, by file and by package. */
export function summarizeProfile(profile: CpuProfile, top = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalUs = 0;
  let busyUs = 0;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    totalUs += us;
    if (IDLE.has(frame.functionName)) continue;
    busyUs += us;
    const file = fileOf(frame.url, frame.functionName);
    // tsx's output can put a module on few lines: the column tells its functions apart.
    const where = frame.url ? ` ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : "";
    add(functions, `${frame.functionName || "(anonymous)"}${where}`, us);
    add(files, file, us);
    add(packages, packageOf(frame.url, frame.functionName), us);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (f?.url) onStack.add(packageOf(f.url, f.functionName));
    }
    for (const name of onStack) add(inclusive, name, us);
  }
  const rank = (map: Map<string, number>): Entry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return {
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    byFunction: rank(functions),
    byFile: rank(files),
    byPackage: rank(packages),
    byPackageInclusive: rank(inclusive),
  };
}

export function renderSummary(title: string, summary: ProfileSummary): string {
  const section = (heading: string, entries: Entry[]) =>
    [
      `  ${heading}`,
      ...entries.map(
        (e) => `    ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`,
      ),
    ].join("\n");
  return [
    `${title}: ${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms profiled`,
    section("self time by package", summary.byPackage),
    section("time with the package on the stack (inclusive)", summary.byPackageInclusive),
    section("self time by file", summary.byFile),
    section("self time by function", summary.byFunction),
  ].join("\n");
}
