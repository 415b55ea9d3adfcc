/**
 * The one redactor in front of every log sink. It removes values of secret-named keys, masks
 * card-number-shaped digit runs that pass the Luhn check, and strips HTTP Basic credentials, so a
 * careless log call cannot write a credential, full card number or token to disk.
 */

const SECRET_KEY =
  /pass(word)?|secret|authorization|auth_?header|token|pin|pepper|hmac_?key|credential|account|track|cvv|cvv2|cvc|pan|expiry|key$/i;

/** Keys that look secret by name but carry safe, useful values. */
const SAFE_KEYS = new Set(['authcode', 'authCode', 'pinLockedUntil', 'tokenLast4', 'keyId']);

export const REDACTED = '[redacted]';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Masks digit runs of 13–19 digits that pass the Luhn check, keeping the last four. */
export function maskCardNumbers(text: string): string {
  return text.replace(/\d{13,19}/g, (run) =>
    luhnValid(run) ? `${'*'.repeat(run.length - 4)}${run.slice(-4)}` : run,
  );
}

function redactString(text: string): string {
  return maskCardNumbers(text.replace(/\bBasic\s+[A-Za-z0-9+/=]{4,}/g, `Basic ${REDACTED}`));
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactString(value.message),
      code: (value as { code?: unknown }).code,
    };
  }
  if (value !== null && typeof value === 'object') {
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      output[key] =
        SECRET_KEY.test(key) && !SAFE_KEYS.has(key) ? REDACTED : redact(item, depth + 1);
    }
    return output;
  }
  return value;
}
