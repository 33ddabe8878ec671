import DOMPurify from "dompurify";

/**
 * An email's HTML made safe to show inside the app: DOMPurify removes scripts, event handlers
 * and anything active; what is left is further kept to what the page's CSP lets load anyway
 * (images over https or inline data only, no inline styles), and links open outside the app.
 */
const purifier = DOMPurify();

purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
  if (node.tagName === "IMG") {
    const src = node.getAttribute("src") ?? "";
    if (!/^(https:|data:image\/)/i.test(src)) node.removeAttribute("src");
    if (!node.hasAttribute("alt")) node.setAttribute("alt", "");
  }
});

export function sanitizeEmailHtml(html: string): string {
  return purifier.sanitize(html, {
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select"],
    FORBID_ATTR: ["style", "srcset"],
  });
}
