/** "On <date>, <someone> wrote:", possibly wrapped over two lines by the sender's client. */
const ATTRIBUTION = /^\s*On\b.*\bwrote:\s*$/i;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i;

/**
 * The reply without quoted history: everything from an "On … wrote:" attribution (or an
 * "Original Message" separator) on is dropped, then every ">"-quoted line. A mail that is
 * nothing but quotes is returned whole, trimmed.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const joined = `${line} ${lines[i + 1] ?? ""}`;
    if (
      ATTRIBUTION.test(line) ||
      ORIGINAL_MESSAGE.test(line) ||
      (/^\s*On\b/i.test(line) && ATTRIBUTION.test(joined))
    ) {
      end = i;
      break;
    }
  }
  const reply = lines
    .slice(0, end)
    .filter((line) => !/^\s*>/.test(line))
    .join("\n")
    .trim();
  return reply === "" ? text.trim() : reply;
}
