import type { NewLink } from "../db/schema.js";
import { rewriteLinks } from "../rules/index.js";

/** The path a tracked link takes at the public base URL; the gateway forwards it here. */
export const LINK_PATH = "/l/";
const CODE = /^[0-9A-Za-z]{10}$/;

/** Whether a path segment could be one of our codes (anything else is a 404 without a lookup). */
export const isLinkCode = (code: string) => CODE.test(code);

/** The code a preview's links show: as long as a real one, issued to no one. */
export const PREVIEW_LINK_CODE = "0000000000";

/** A recipient's text with every link replaced by a code of its own, and the links to store. */
export function trackLinks(
  text: string,
  recipient: { campaignId: string; contactId: string },
  publicBaseUrl: string,
  newCode: () => string,
): { text: string; links: NewLink[] } {
  const links: NewLink[] = [];
  const base = publicBaseUrl.replace(/\/+$/, "");
  const rewritten = rewriteLinks(text, (target) => {
    const code = newCode();
    links.push({ code, campaign_id: recipient.campaignId, contact_id: recipient.contactId, target });
    return `${base}${LINK_PATH}${code}`;
  });
  return { text: rewritten, links };
}
