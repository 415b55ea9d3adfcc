/**
 * The amount the cashier is typing, kept as the decimal text they typed ("12.3") and turned into
 * integer minor units only by `parseAmount`. No step uses floating-point arithmetic.
 */
import { DEFAULT_MAX_SALE_MINOR, formatAmount, parseAmount, USD } from '../../common/money';
import * as strings from './strings';

/** Maximum whole-dollar digits. Ten digits would exceed the largest per-sale maximum settings allow. */
export const MAX_WHOLE_DIGITS = 9;

export type EntryKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.';

const partialPattern = new RegExp(`^(\\d{0,${MAX_WHOLE_DIGITS}})(\\.\\d{0,${USD.exponent}})?$`);

/** True when `text` is a prefix of a valid amount: digits, then at most one point and two decimals. */
export function isPartialAmount(text: string): boolean {
  return partialPattern.test(text);
}

/** Drops leading zeros of the whole part, so "007" reads "7" but "0.5" stays. */
function tidy(text: string): string {
  return text.replace(/^0+(?=\d)/, '');
}

/**
 * Applies one keypad key. Returns the new text, or null when the key would make the text invalid
 * (a second point, a third decimal, too many digits), so the caller can tell the cashier.
 */
export function applyKey(text: string, key: EntryKey): string | null {
  let next: string;
  if (key === '.') {
    next = text === '' ? '0.' : `${text}.`;
  } else if (key === '00') {
    next = text === '' ? '0' : `${text}00`;
  } else {
    next = `${text}${key}`;
  }
  next = tidy(next);
  return isPartialAmount(next) ? next : null;
}

export function removeLastCharacter(text: string): string {
  return text.slice(0, -1);
}

/**
 * Accepts text the browser put into the amount field (typing or editing in place). Returns the
 * tidied text, or null when it is not a prefix of a valid amount.
 */
export function acceptTyped(text: string): string | null {
  const next = tidy(text);
  return isPartialAmount(next) ? next : null;
}

/**
 * Turns pasted text such as "12.34", "$12.34" or "$1,234.56" into entry text. Commas are taken
 * only as thousands separators in their usual places, so "12,34" is rejected rather than guessed.
 */
export function normalizePasted(raw: string): string | null {
  let text = raw.trim();
  if (text.startsWith(USD.symbol)) {
    text = text.slice(USD.symbol.length).trim();
  }
  if (text.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) {
      return null;
    }
    text = text.replaceAll(',', '');
  }
  return acceptTyped(text);
}

export type AmountCheck =
  { ok: true; minor: number; formatted: string } | { ok: false; message: string };

/** Checks the entry text as an amount to charge, with the message to show when it is not one. */
export function checkAmount(text: string, maxMinor = DEFAULT_MAX_SALE_MINOR): AmountCheck {
  if (text === '' || text === '.') {
    return { ok: false, message: strings.amount.enterAmount };
  }
  // parseAmount takes "12" and "12.3" but not "12." or ".5", which are only half typed.
  let complete = text.endsWith('.') ? text.slice(0, -1) : text;
  complete = complete.startsWith('.') ? `0${complete}` : complete;

  const parsed = parseAmount(complete, { maxMinor });
  if (parsed.ok) {
    return { ok: true, minor: parsed.minor, formatted: formatAmount(parsed.minor) };
  }
  if (/^0*(\.0*)?$/.test(complete)) {
    return { ok: false, message: strings.amount.zero };
  }
  if (!isPartialAmount(text)) {
    return { ok: false, message: strings.amount.notAccepted };
  }
  return { ok: false, message: strings.amount.aboveMax(formatAmount(maxMinor)) };
}
