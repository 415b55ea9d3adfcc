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

/**
 * Digit runs that may be card numbers: 13 or more digits, as one block or in groups of 3 or more
 * split by single spaces or hyphens ("4012 0000 3333 0026"). A retref (12 digits), an auth code or
 * an amount on its own is shorter.
 */
const CARD_DIGITS = /\d{3,}(?:[ -]\d{3,})*/g;

const HEX_WORD = /^[0-9A-Fa-f]+$/;

/**
 * Masks every card-number-shaped digit run in text from the terminal, Luhn-valid or not (a
 * CardSecure token need not pass the check), keeping the last four digits and any separators.
 * A run inside a word of hex digits with letters, such as the AID "A0000000031010", is EMV data and
 * stays as it is.
 * NOTE: a card number glued to hex letters, as in "A4012000033330026", is therefore not masked.
 */
export function maskCardDigits(text: string): string {
  return text.replace(CARD_DIGITS, (run: string, offset: number) => {
    const digits = run.replace(/[ -]/g, '').length;
    if (digits < 13 || insideHexWord(text, offset, offset + run.length)) {
      return run;
    }
    let keep = 4;
    let masked = '';
    for (let index = run.length - 1; index >= 0; index -= 1) {
      const char = run.charAt(index);
      if (char === ' ' || char === '-') {
        masked = char + masked;
      } else if (keep > 0) {
        masked = char + masked;
        keep -= 1;
      } else {
        masked = `*${masked}`;
      }
    }
    return masked;
  });
}

/** Returns true when the run from `start` to `end` touches letters and its whole word is hex. */
function insideHexWord(text: string, start: number, end: number): boolean {
  let left = start;
  while (left > 0 && /[0-9A-Za-z]/.test(text.charAt(left - 1))) {
    left -= 1;
  }
  let right = end;
  while (right < text.length && /[0-9A-Za-z]/.test(text.charAt(right))) {
    right += 1;
  }
  if (left === start && right === end) {
    return false;
  }
  return HEX_WORD.test(text.slice(left, right));
}
