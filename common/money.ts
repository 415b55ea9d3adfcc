/**
 * Money as integer minor units. Nothing here uses floating-point arithmetic on amounts: parsing
 * and formatting work on the decimal digits as text.
 */

export interface CurrencyInfo {
  code: string;
  /** Number of decimal digits of the minor unit (ISO 4217 exponent). */
  exponent: number;
  symbol: string;
}

export const USD: CurrencyInfo = { code: 'USD', exponent: 2, symbol: '$' };

/** Default per-sale maximum: $10,000.00. Settings may lower or raise it. */
export const DEFAULT_MAX_SALE_MINOR = 1_000_000;

/**
 * Largest amount the gateway's amount field is assumed to take. The gateway documents amounts as
 * a decimal string without a stated upper bound, so this cap (about $99.9 million) only keeps the
 * integer far inside the safe range. A per-sale maximum from settings is always lower.
 */
export const MAX_GATEWAY_AMOUNT_MINOR = 9_999_999_999;

export type MoneyParseResult = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Parses an operator-entered decimal amount such as "12.34" into minor units. Accepts digits with
 * at most the currency's number of decimals; rejects empty input, signs, exponents, separators,
 * surrounding spaces, zero and anything above `maxMinor`.
 */
export function parseAmount(
  text: string,
  options: { currency?: CurrencyInfo; maxMinor?: number } = {},
): MoneyParseResult {
  const currency = options.currency ?? USD;
  const maxMinor = options.maxMinor ?? DEFAULT_MAX_SALE_MINOR;

  if (text.length === 0) {
    return { ok: false, message: 'Enter an amount.' };
  }
  const pattern =
    currency.exponent > 0 ? new RegExp(`^(\\d+)(?:\\.(\\d{1,${currency.exponent}}))?$`) : /^(\d+)$/;
  const match = pattern.exec(text);
  if (match === null) {
    if (/^\d+\.\d+$/.test(text)) {
      return {
        ok: false,
        message: `"${text}" has more than ${currency.exponent} decimal places.`,
      };
    }
    return {
      ok: false,
      message: `"${text}" is not an amount. Use digits and a decimal point, like 12.34.`,
    };
  }

  const whole = match[1] ?? '';
  const fraction = (match[2] ?? '').padEnd(currency.exponent, '0');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) {
    return {
      ok: false,
      message: `The amount is above the maximum of ${formatAmount(maxMinor, currency)}.`,
    };
  }
  const minor = Number(digits);
  if (minor === 0) {
    return { ok: false, message: 'The amount must be more than zero.' };
  }
  if (minor > maxMinor || minor > MAX_GATEWAY_AMOUNT_MINOR) {
    return {
      ok: false,
      message: `The amount is above the maximum of ${formatAmount(Math.min(maxMinor, MAX_GATEWAY_AMOUNT_MINOR), currency)}.`,
    };
  }
  return { ok: true, minor };
}

/** Throws when `minor` is not a safe non-negative integer. */
export function assertMinorUnits(minor: number): void {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(
      `Amount in minor units must be a non-negative safe integer, got ${minor}.`,
    );
  }
}

/** Formats minor units as a plain decimal string with exactly the currency's decimals: "20.00". */
export function toDecimalString(minor: number, currency: CurrencyInfo = USD): string {
  assertMinorUnits(minor);
  if (currency.exponent === 0) {
    return String(minor);
  }
  const digits = String(minor).padStart(currency.exponent + 1, '0');
  const whole = digits.slice(0, digits.length - currency.exponent);
  const fraction = digits.slice(digits.length - currency.exponent);
  return `${whole}.${fraction}`;
}

/**
 * Parses a decimal string from a machine source (a gateway reply such as "20.00", "20.5" or "20")
 * into minor units. Returns null when the text is not a plain non-negative decimal or has more
 * decimals than the currency has.
 */
export function decimalStringToMinor(text: string, currency: CurrencyInfo = USD): number | null {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (match === null) {
    return null;
  }
  const fractionText = match[2] ?? '';
  if (fractionText.length > currency.exponent) {
    // Trailing zeros beyond the exponent ("20.000") carry no value; anything else is invalid.
    if (!/^0*$/.test(fractionText.slice(currency.exponent))) {
      return null;
    }
  }
  const fraction = fractionText.slice(0, currency.exponent).padEnd(currency.exponent, '0');
  const digits = ((match[1] ?? '') + fraction).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) {
    return null;
  }
  return Number(digits);
}

/** Formats minor units for people: "$1,234.56". */
export function formatAmount(minor: number, currency: CurrencyInfo = USD): string {
  const decimal = toDecimalString(minor, currency);
  const [whole = '0', fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined
    ? `${currency.symbol}${grouped}`
    : `${currency.symbol}${grouped}.${fraction}`;
}
