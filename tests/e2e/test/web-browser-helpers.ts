import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

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

/** The phone the narrow-screen checks use (an iPhone 12–15's CSS size). */
export const PHONE = { width: 390, height: 844 };

/** How far the page scrolls sideways: 0 when everything fits the viewport's width. */
export function sidewaysOverflow(page: Page): Promise<number> {
  // A string: this package has no DOM library to type the page's globals with.
  return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as Promise<number>;
}

/**
 * The roles Chromium's accessibility tree gives a page's tables (CDP's full tree, not the DOM):
 * a table restyled as cards must still be announced as rows and cells.
 */
export async function tableRoles(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
      nodes: Array<{ role?: { value?: string } }>;
    };
    const counts: Record<string, number> = {};
    for (const node of nodes) {
      const role = node.role?.value;
      if (role && ["table", "row", "cell", "columnheader", "rowheader"].includes(role))
        counts[role] = (counts[role] ?? 0) + 1;
    }
    return counts;
  } finally {
    await cdp.detach();
  }
}

/**
 * The screen as it is fits a phone: no sideways scroll, its tables still rows and cells to a
 * screen reader (when it has any), no serious axe violation; a screenshot when `name` is given.
 */
export async function expectFitsPhone(page: Page, name?: string) {
  expect(page.viewportSize()).toEqual(PHONE);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  if ((await page.locator("table").count()) > 0) {
    const roles = await tableRoles(page);
    expect(roles.table).toBeGreaterThan(0);
    expect(roles.row ?? 0).toBeGreaterThan(1);
    expect((roles.cell ?? 0) + (roles.rowheader ?? 0)).toBeGreaterThan(0);
    expect(roles.columnheader).toBeGreaterThan(0);
  }
  if (name) await screenshot(page, name);
  expect(await seriousA11yViolations(page)).toEqual([]);
}
