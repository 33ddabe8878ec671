/** The JSON body Twilio answers with for every REST error. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** A REST error the fake answers with; carries Twilio's code, message and HTTP status. */
export class TwilioApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "TwilioApiError";
  }

  toJSON(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

/** Twilio's codes and wording for the errors the fake produces (https://www.twilio.com/docs/api/errors). */
export const twilioErrors = {
  authenticate: () => new TwilioApiError(20003, "Authenticate", 401),
  notFound: (path: string) => new TwilioApiError(20404, `The requested resource ${path} was not found`, 404),
  tooManyRequests: () => new TwilioApiError(20429, "Too Many Requests", 429),
  internal: () => new TwilioApiError(20500, "An internal server error has occurred", 500),
  serviceUnavailable: () => new TwilioApiError(20503, "Service unavailable", 503),
  invalidTo: (to: string) => new TwilioApiError(21211, `The 'To' number ${to} is not a valid phone number.`),
  invalidFrom: (from: string) =>
    new TwilioApiError(
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    ),
  regionNotEnabled: (to: string) =>
    new TwilioApiError(
      21408,
      `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
    ),
  bodyRequired: () => new TwilioApiError(21602, "Message body is required."),
  fromRequired: () => new TwilioApiError(21603, "A 'From' or 'MessagingServiceSid' parameter is required"),
  toRequired: () => new TwilioApiError(21604, "A 'To' phone number is required."),
  notOwned: (from: string) =>
    new TwilioApiError(
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    ),
  unsubscribed: () => new TwilioApiError(21610, "Attempt to send to unsubscribed recipient"),
  queueFull: (from: string) =>
    new TwilioApiError(
      21611,
      `This 'From' number ${from} has exceeded the maximum number of queued messages`,
    ),
  cannotRoute: (to: string, from: string) =>
    new TwilioApiError(
      21612,
      `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`,
    ),
  notMobile: (to: string) => new TwilioApiError(21614, `'To' number ${to} is not a valid mobile number`),
  bodyTooLong: () =>
    new TwilioApiError(21617, "The concatenated message body exceeds the 1600 character limit."),
  contentRequired: () =>
    new TwilioApiError(21619, "A text message body, media URL or content SID must be specified."),
  invalidMediaUrl: (url: string) => new TwilioApiError(21620, `Invalid media URL(s): ${url}`),
  tooManyMedia: () => new TwilioApiError(21623, "Number of media files exceeds allowed limit"),
} as const;

/** Twilio's delivery error messages for the codes status callbacks may carry. */
export const deliveryErrorMessages: Record<number, string> = {
  30003: "Unreachable destination handset",
  30004: "Message blocked",
  30005: "Unknown destination handset",
  30006: "Landline or unreachable carrier",
  30007: "Message filtered",
  30008: "Unknown error",
};
