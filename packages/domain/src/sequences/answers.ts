import { z } from "zod";
import type { AnswerKind } from "./steps.js";

/** An answer read as its kind: the value stored in the contact, or undefined when it is not one. */
export type AnswerValue = string | number | boolean;

const YES = new Set(["yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "si", "sí", "true", "1"]);
const NO = new Set(["no", "n", "nope", "nah", "false", "0"]);
const Email = z.email();

/** Reads a reply as an answer of `kind`; what a collect step stores and a branch rule tests. */
export function readAnswer(kind: AnswerKind, reply: string): AnswerValue | undefined {
  const text = reply.trim();
  if (!text) return undefined;
  switch (kind) {
    case "text":
      return text.length <= 255 ? text : undefined;
    case "number":
      return readNumber(text);
    case "email": {
      const parsed = Email.safeParse(text.toLowerCase());
      return parsed.success ? parsed.data : undefined;
    }
    case "date":
      return readDate(text);
    case "yes_no": {
      const word = text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s]/gu, "")
        .trim();
      return YES.has(word) ? true : NO.has(word) ? false : undefined;
    }
  }
}

/** `12`, `-3.5`, `1,200` (thousands separators), `4.5 hours` is not a number. */
function readNumber(text: string): number | undefined {
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text.replace(/,/g, ""));
  return Number.isFinite(value) ? value : undefined;
}

/** A calendar date as `YYYY-MM-DD`, from ISO or US `M/D/YYYY` (`M/D/YY` as 20YY). */
function readDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : us
      ? [Number(us[3]) + ((us[3] as string).length === 2 ? 2000 : 0), Number(us[1]), Number(us[2])]
      : [];
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}
