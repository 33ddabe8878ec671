/** Provider credentials for channel tests; none of these strings may ever appear in a response. */
export const TWILIO = {
  account_sid: `AC${"0123456789abcdef".repeat(2)}`,
  auth_token: "twilio-secret-auth-token",
};
export const SMTP = {
  host: "smtp.example.com",
  port: 587,
  secure: false,
  user: "mailer",
  password: "smtp-secret-password",
};
export const WHATSAPP = {
  phone_number_id: "1098765432",
  access_token: "wa-secret-access-token",
  app_secret: "wa-secret-app-secret",
  verify_token: "wa-secret-verify-token",
};
export const SECRETS = [
  TWILIO.auth_token,
  SMTP.password,
  WHATSAPP.access_token,
  WHATSAPP.app_secret,
  WHATSAPP.verify_token,
];

export const WEEKDAY_HOURS = [
  { weekday: "Monday", opens_at: "09:00", closes_at: "17:00", state: "open" },
  { weekday: "Sunday", opens_at: "00:00", closes_at: "00:00", state: "closed" },
];

/** A phone channel body; `phone` should be unique per test. */
export function phoneChannel(phone: string, extra: Record<string, unknown> = {}) {
  return {
    type: "phone",
    name: "Front desk",
    description: "Main line",
    phone,
    timezone: "America/Chicago",
    color: "#3366ff",
    emoji: "📞",
    opening_hours: WEEKDAY_HOURS,
    automatic_response_open: "Thanks, we'll be right with you.",
    automatic_response_closed: "We're closed; we'll answer tomorrow.",
    help_text: "Reply STOP to opt out.",
    provider: "twilio",
    credentials: TWILIO,
    send_rate: 5,
    ...extra,
  };
}
