import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The files of the swagger-ui-dist package the docs page uses, by the name they are served under. */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "index.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/**
 * Reads Swagger UI's files from the installed package (never a CDN), each once, on first use.
 * Only the allow-listed names are served, so no path can reach outside the package.
 */
export function swaggerAssets(): (name: string) => Promise<Asset | undefined> {
  const root = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const loaded = new Map<string, Promise<Asset>>();
  return (name) => {
    const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!contentType) return Promise.resolve(undefined);
    let asset = loaded.get(name);
    if (!asset) {
      asset = readFile(join(root, name)).then((body) => ({ body: new Uint8Array(body), contentType }));
      asset.catch(() => loaded.delete(name));
      loaded.set(name, asset);
    }
    return asset;
  };
}
