/** Form parameters as Twilio posts them: one value per name, or several for repeated names. */
export type FormParams = Record<string, string | string[]>;

/** Decodes an `application/x-www-form-urlencoded` body, keeping every value of repeated names. */
export function decodeForm(body: string): FormParams {
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else params[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** The first value of a parameter, if any. */
export function formValue(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The parameters as single strings (the first of repeated names), for schema parsing. */
export function flattenForm(params: FormParams): Record<string, string> {
  return Object.fromEntries(Object.keys(params).map((name) => [name, formValue(params, name) ?? ""]));
}
