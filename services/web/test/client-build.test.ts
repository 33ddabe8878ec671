import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient } from "../src/client-build/build-client.js";
import { cachedBuild } from "../src/client-build/cached-build.js";
import { readClientAssets } from "../src/client-build/client-assets.js";
import { assetRoutes } from "../src/routes/assets.js";

const PAGE = `<!doctype html><html><head><title>t</title></head><body><script type="module" src="./main.ts"></script></body></html>`;

let work: string;
let sources: string;
let lockfile: string;
let cacheRoot: string;
const builds: string[] = [];
const build = () =>
  cachedBuild({
    sources,
    alsoKeyedBy: [lockfile],
    cacheRoot,
    build: async (outDir) => {
      builds.push(outDir);
      await buildClient(outDir, sources);
    },
  });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "relay-client-build-"));
  sources = join(work, "client");
  lockfile = join(work, "pnpm-lock.yaml");
  cacheRoot = join(work, "cache");
  await mkdir(sources);
  await writeFile(join(sources, "index.html"), PAGE);
  await writeFile(join(sources, "main.ts"), `import "./style.css";\ndocument.title = "first-version";\n`);
  await writeFile(join(sources, "style.css"), "body { color: teal; }\n");
  await writeFile(lockfile, "lockfileVersion: '9.0'\n");
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the app's build cache", () => {
  it("builds once, reuses the output for unchanged sources, and builds anew when one changes", async () => {
    const first = await build();
    expect(first.built).toBe(true);
    const again = await build();
    expect(again).toEqual({ ...first, built: false });
    expect(builds).toHaveLength(1);

    await writeFile(join(sources, "main.ts"), `import "./style.css";\ndocument.title = "second-version";\n`);
    const changed = await build();
    expect(changed.built).toBe(true);
    expect(changed.key).not.toBe(first.key);
    expect(builds).toHaveLength(2);
    const assets = await readClientAssets(changed.dir);
    expect(
      [...assets.files.values()].some((file) => Buffer.from(file.body).toString().includes("second-version")),
    ).toBe(true);
    // The outdated output is removed; no temp dir is left behind.
    expect(await readdir(cacheRoot)).toEqual([changed.key]);

    await writeFile(lockfile, "lockfileVersion: '9.0'\n# a dependency moved\n");
    expect((await build()).built).toBe(true);
  });

  it("lets parallel starts race: one complete output, no temp dir left", async () => {
    await writeFile(join(sources, "style.css"), "body { color: navy; }\n");
    const [one, two] = await Promise.all([build(), build()]);
    expect(one?.dir).toBe(two?.dir);
    expect(await readdir(cacheRoot)).toEqual([one?.key]);
    const assets = await readClientAssets(one?.dir ?? "");
    expect([...assets.files.keys()].sort()).toEqual([
      expect.stringMatching(/^index-[\w-]+\.css$/),
      expect.stringMatching(/^index-[\w-]+\.js$/),
    ]);
  });

  it("fails a build that loads a module from outside the sources (the key would not see it change)", async () => {
    const outside = join(work, "outside");
    await mkdir(join(outside, "client"), { recursive: true });
    await writeFile(join(outside, "client", "index.html"), PAGE);
    await writeFile(
      join(outside, "client", "main.ts"),
      `import { word } from "../word.js";\nconsole.log(word);\n`,
    );
    await writeFile(join(outside, "word.ts"), `export const word = "hi";\n`);
    await expect(buildClient(join(outside, "out"), join(outside, "client"))).rejects.toThrow(
      /outside the app's sources/,
    );
  });
});

describe("serving the built app", () => {
  it("serves hashed assets as immutable and the page, without inline scripts, under the CSP", async () => {
    const { dir } = await build();
    const client = await readClientAssets(dir);
    const app = assetRoutes({ client });

    const page = await app.request("/inbox/123");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await page.text();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    for (const tag of scripts) expect(tag).toMatch(/src="\/app\/assets\/index-[\w-]+\.js"/);

    const name = html.match(/\/app\/assets\/(index-[\w-]+\.js)/)?.[1] ?? "";
    const script = await app.request(`/assets/${name}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await app.request("/assets/index-missing.js")).status).toBe(404);
  });
});
