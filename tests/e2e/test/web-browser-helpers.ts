import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium, driven headless (never a downloaded browser). */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
}

/** Signs in through the app's sign-in page and waits for the inbox. */
export async function logIn(page: Page, gatewayUrl: string, email: string, password: string) {
  await page.goto(`${gatewayUrl}/app`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(".live-dot.live").waitFor();
}

/** Writes `docs/screenshots/<name>.png` (the README shows them). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

const axeSource = (() => {
  const require = createRequire(import.meta.url);
  return require("node:fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") as string;
})();

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * The accessibility pass: axe-core over the page as it is; answers the serious and critical
 * violations, each as "rule: help (first elements)", so a test can expect none.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through DevTools, which the page's CSP (no inline scripts) does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // Runs in the page; typed without the DOM library (this package has none): axe.run() checks the document.
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")})`,
    );
}
