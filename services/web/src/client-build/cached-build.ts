import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";

export interface CachedBuild {
  /** The build's output: `<cacheRoot>/<key>`, complete once it exists. */
  dir: string;
  key: string;
  /** False when an earlier build of the same inputs was reused. */
  built: boolean;
}

export interface CachedBuildOptions {
  /** A directory whose every file is an input (recursively). */
  sources: string;
  /** Further input files (the lockfile, the build's configuration). */
  alsoKeyedBy: string[];
  cacheRoot: string;
  /** Writes the output into `outDir`, which exists and is empty. */
  build(outDir: string): Promise<void>;
}

/** Builds with unfinished temp dirs older than this are taken as crashed and removed. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Runs `build` once per content of its inputs: the output is kept at `<cacheRoot>/<hash>`, built
 * in a temp dir and renamed into place, so starts racing in parallel never see half an output
 * (the loser of the rename drops its copy). Outputs of other inputs are removed then.
 */
export async function cachedBuild(options: CachedBuildOptions): Promise<CachedBuild> {
  const key = await hashInputs(options.sources, options.alsoKeyedBy);
  const dir = join(options.cacheRoot, key);
  if (await exists(dir)) return { dir, key, built: false };
  await mkdir(options.cacheRoot, { recursive: true });
  const temp = join(options.cacheRoot, `.${key}.${process.pid}.${randomUUID()}`);
  await mkdir(temp);
  try {
    await options.build(temp);
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    // Another start finished the same build first: its output is as good as ours.
    if (!(await exists(dir))) throw error;
    return { dir, key, built: true };
  }
  await prune(options.cacheRoot, key);
  return { dir, key, built: true };
}

async function hashInputs(sources: string, alsoKeyedBy: string[]): Promise<string> {
  const files = (await readdir(sources, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const hash = createHash("sha256");
  for (const file of [...files, ...alsoKeyedBy]) {
    hash.update(`${relative(sources, file)}\0`);
    hash.update(await readFile(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

async function prune(cacheRoot: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheRoot)) {
    if (name === keep) continue;
    const path = join(cacheRoot, name);
    // A temp dir may be another start's build in progress: only old ones are abandoned.
    if (name.startsWith(".") && Date.now() - (await stat(path)).mtimeMs < ABANDONED_AFTER_MS) continue;
    await rm(path, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
