/** Recipients (digits) the fake answers specially, as Meta would for such a contact. */
export const WHATSAPP_MAGIC_NUMBERS = {
  /** Non-template sends answer 131047 (the 24-hour window has closed). */
  outsideWindow: "15550131047",
} as const;
