/**
 * The card-driven and amount-driven behaviours of CardPointe's UAT emulator (First Data North
 * platform, as the public test merchant 496160873888 is boarded), and the simulator's CardSecure
 * style tokens.
 */
import { createHash } from 'node:crypto';

import { luhnValid } from '../../log/redact';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb';

/** A reply code from the emulated processor or from the gateway itself (`respproc` PPS). */
export interface SimulatedResponse {
  respstat: 'A' | 'B' | 'C';
  respcode: string;
  resptext: string;
  respproc: string;
}

export const APPROVAL: SimulatedResponse = {
  respstat: 'A',
  respcode: '00',
  resptext: 'Approval',
  respproc: 'FNOR',
};

/** The gateway's own codes (respproc PPS) that the simulator returns. */
export const PPS = {
  invalidCard: { respstat: 'C', respcode: '11', resptext: 'Invalid card', respproc: 'PPS' },
  badCheckDigit: {
    respstat: 'C',
    respcode: '13',
    resptext: 'Bad card check digit',
    respproc: 'PPS',
  },
  nonNumericCvv: { respstat: 'C', respcode: '14', resptext: 'Non-numeric CVV', respproc: 'PPS' },
  nonNumericExpiry: {
    respstat: 'C',
    respcode: '15',
    resptext: 'Non-numeric expiry',
    respproc: 'PPS',
  },
  invalidMerchant: { respstat: 'C', respcode: '21', resptext: 'Invalid merchant', respproc: 'PPS' },
  txnSettled: { respstat: 'A', respcode: '26', resptext: 'Txn Settled', respproc: 'PPS' },
  txnNotSettled: { respstat: 'C', respcode: '28', resptext: 'Txn not settled', respproc: 'PPS' },
  txnNotFound: { respstat: 'C', respcode: '29', resptext: 'Txn not found', respproc: 'PPS' },
  wrongCurrency: {
    respstat: 'C',
    respcode: '32',
    resptext: 'Wrong currency for merch',
    respproc: 'PPS',
  },
  invalidField: { respstat: 'C', respcode: '34', resptext: 'Invalid field', respproc: 'PPS' },
  invalidAmount: { respstat: 'C', respcode: '43', resptext: 'Invalid amount', respproc: 'PPS' },
  refundsWithoutReference: {
    respstat: 'C',
    respcode: '45',
    resptext: 'Refunds without reference not supported',
    respproc: 'PPS',
  },
  timedOut: { respstat: 'B', respcode: '62', resptext: 'Timed out', respproc: 'PPS' },
  invalidToken: { respstat: 'C', respcode: '98', resptext: 'Invalid token', respproc: 'PPS' },
} as const satisfies Record<string, SimulatedResponse>;

/** First Data North reply texts, with the respstat each code carries. */
const FNOR_CODES: Record<string, { respstat: 'A' | 'B' | 'C'; resptext: string }> = {
  '00': { respstat: 'A', resptext: 'Approval' },
  '10': { respstat: 'A', resptext: 'Partial Approval' },
  '76': { respstat: 'A', resptext: 'Reversed' },
  '85': { respstat: 'A', resptext: 'Validated' },
  '28': { respstat: 'B', resptext: 'Please retry' },
  '91': { respstat: 'B', resptext: 'System error' },
  '01': { respstat: 'C', resptext: 'Refer to issuer' },
  '03': { respstat: 'C', resptext: 'Invalid merchant' },
  '05': { respstat: 'C', resptext: 'Do not honor' },
  '12': { respstat: 'C', resptext: 'Invalid transaction' },
  '13': { respstat: 'C', resptext: 'Invalid amount' },
  '14': { respstat: 'C', resptext: 'Invalid card number' },
  '25': { respstat: 'C', resptext: 'Invalid terminal' },
  '51': { respstat: 'C', resptext: 'Declined' },
  '54': { respstat: 'C', resptext: 'Wrong expiration' },
  '55': { respstat: 'C', resptext: 'Incorrect pin' },
  '57': { respstat: 'C', resptext: 'Invalid txn for card' },
  '60': { respstat: 'C', resptext: 'Declined (capture card)' },
  '61': { respstat: 'C', resptext: 'Exceeds withdrawal limit' },
  '63': { respstat: 'C', resptext: 'Service not allowed' },
  '75': { respstat: 'C', resptext: 'Pin try exceeded' },
  '89': { respstat: 'C', resptext: 'Invalid Term ID' },
  '94': { respstat: 'C', resptext: 'Duplicate tran' },
  NU: { respstat: 'C', resptext: 'Insufficient funds' },
};

function fnor(respcode: string): SimulatedResponse {
  const known = FNOR_CODES[respcode];
  return {
    respstat: known?.respstat ?? 'C',
    respcode,
    resptext: known?.resptext ?? 'Declined',
    respproc: 'FNOR',
  };
}

/** The UAT test cards with a fixed result: approvals with their auth code, and declines. */
const FIXED_CARDS: Record<string, { response: SimulatedResponse; authcode?: string }> = {
  '4788250000121443': { response: APPROVAL, authcode: 'PPS009' },
  '5454545454545454': { response: APPROVAL, authcode: 'PPS010' },
  '6011000995500000': { response: APPROVAL, authcode: 'PPS015' },
  '371449635398431': { response: APPROVAL, authcode: 'PPS013' },
  '36438999960016': { response: APPROVAL, authcode: 'PPS012' },
  '3528000000000007': { response: APPROVAL, authcode: 'PPS007' },
  '4387751111111020': { response: fnor('01') },
  '4387751111111038': { response: fnor('05') },
  '4387751111111046': { response: fnor('54') },
  '4387751111111053': { response: fnor('NU') },
  '5442981111111023': { response: fnor('01') },
  '5442981111111031': { response: fnor('05') },
  '5442981111111049': { response: fnor('54') },
  '5442981111111056': { response: fnor('NU') },
  '6011000995511122': { response: fnor('01') },
  '6011000995511130': { response: fnor('05') },
  '6011000995511148': { response: fnor('54') },
  '6011000995511155': { response: fnor('NU') },
};

/** Cards that answer "Timed out" (respstat B, PPS 62) in UAT, after the processor timeout. */
export const TIMEOUT_CARDS: readonly string[] = [
  '4999006200620062',
  '5111006200620062',
  '6465006200620062',
];

/** With an amount of $6.00 or more, this card is approved for $5.00 only. */
export const PARTIAL_APPROVAL_CARD = '4387750101010101';
export const PARTIAL_APPROVAL_THRESHOLD_MINOR = 600;
export const PARTIAL_APPROVAL_AMOUNT_MINOR = 500;

/** Common test cards for callers that need a card of a given result. */
export const TEST_CARDS = {
  visa: '4111111111111111',
  visaAlternate: '4444333322221111',
  mastercard: '5454545454545454',
  amex: '371449635398431',
  discover: '6011000995500000',
  visaDoNotHonor: '4387751111111038',
  visaInsufficientFunds: '4387751111111053',
  visaTimeout: '4999006200620062',
  partialApproval: PARTIAL_APPROVAL_CARD,
} as const;

export function brandOf(pan: string): CardBrand | null {
  const length = pan.length;
  const prefix2 = Number(pan.slice(0, 2));
  const prefix3 = Number(pan.slice(0, 3));
  const prefix4 = Number(pan.slice(0, 4));
  if (pan.startsWith('4') && (length === 13 || length === 16 || length === 19)) return 'visa';
  if (length === 16 && ((prefix2 >= 51 && prefix2 <= 55) || (prefix4 >= 2221 && prefix4 <= 2720))) {
    return 'mastercard';
  }
  if (length === 15 && (prefix2 === 34 || prefix2 === 37)) return 'amex';
  if (
    length === 16 &&
    (prefix4 === 6011 || prefix3 === 622 || (prefix3 >= 644 && prefix3 <= 649) || prefix2 === 65)
  ) {
    return 'discover';
  }
  if (length === 14 && (prefix2 === 36 || prefix2 === 38 || (prefix3 >= 300 && prefix3 <= 305))) {
    return 'diners';
  }
  if (length === 16 && prefix2 === 35) return 'jcb';
  return null;
}

/** A CardSecure token: 16 digits, 9 first, then the PAN's first two digits, then its last four. */
export function isToken(account: string): boolean {
  return /^9\d{15}$/.test(account);
}

/** Tokens the simulator issued or derived in this process, mapped to their card numbers. */
const tokenTable = new Map<string, string>();

/**
 * Returns the simulator's token for a card number, shaped like a CardSecure token. The middle
 * digits come from a hash of the card number, so every process derives the same token.
 */
export function tokenForCard(pan: string): string {
  if (!/^\d{13,19}$/.test(pan)) {
    throw new RangeError('A card number has 13 to 19 digits.');
  }
  const hash = createHash('sha256').update(`cardlane-simulator:${pan}`).digest();
  let middle = '';
  for (let index = 0; middle.length < 9; index += 1) {
    middle += String((hash[index] ?? 0) % 10);
  }
  const token = `9${pan.slice(0, 2)}${middle}${pan.slice(-4)}`;
  tokenTable.set(token, pan);
  return token;
}

const KNOWN_CARDS: readonly string[] = [
  ...Object.keys(FIXED_CARDS),
  ...TIMEOUT_CARDS,
  PARTIAL_APPROVAL_CARD,
  ...Object.values(TEST_CARDS),
];
for (const pan of KNOWN_CARDS) {
  tokenForCard(pan);
}

/**
 * Returns the card number behind a token when the simulator knows it: from the token table, or
 * the test card with the same first two and last four digits. Returns null for an unknown token,
 * which then behaves as a plain approvable card.
 */
export function cardForToken(token: string): string | null {
  const known = tokenTable.get(token);
  if (known !== undefined) return known;
  const first2 = token.slice(1, 3);
  const last4 = token.slice(-4);
  return KNOWN_CARDS.find((pan) => pan.startsWith(first2) && pan.endsWith(last4)) ?? null;
}

export interface CardCheck {
  /** The card number, or null when the account is a token the simulator cannot map. */
  pan: string | null;
  token: string;
  last4: string;
  brand: CardBrand | null;
  /** Set when the account itself is unusable: the reply to send instead of an authorization. */
  rejection: SimulatedResponse | null;
}

/** Validates an `account` field (a card number or a token) as the gateway would. */
export function checkAccount(account: string): CardCheck {
  if (isToken(account)) {
    const pan = cardForToken(account);
    return {
      pan,
      token: account,
      last4: account.slice(-4),
      brand: pan === null ? brandFromTokenPrefix(account) : brandOf(pan),
      rejection: null,
    };
  }
  const last4 = account.slice(-4);
  if (!/^\d{13,19}$/.test(account)) {
    return { pan: null, token: '', last4, brand: null, rejection: PPS.invalidCard };
  }
  if (!luhnValid(account)) {
    return { pan: null, token: '', last4, brand: null, rejection: PPS.badCheckDigit };
  }
  const brand = brandOf(account);
  const fixed = account in FIXED_CARDS || TIMEOUT_CARDS.includes(account);
  if (brand === null && !fixed && account !== PARTIAL_APPROVAL_CARD) {
    return { pan: null, token: '', last4, brand: null, rejection: PPS.invalidCard };
  }
  return { pan: account, token: tokenForCard(account), last4, brand, rejection: null };
}

function brandFromTokenPrefix(token: string): CardBrand | null {
  const first2 = token.slice(1, 3);
  if (first2.startsWith('4')) return 'visa';
  if (/^5[1-5]$|^2[2-7]$/.test(first2)) return 'mastercard';
  if (first2 === '34' || first2 === '37') return 'amex';
  if (first2 === '60' || first2 === '62' || first2 === '64' || first2 === '65') return 'discover';
  if (first2 === '36' || first2 === '38' || first2 === '30') return 'diners';
  if (first2 === '35') return 'jcb';
  return null;
}

export interface AuthorizationDecision {
  response: SimulatedResponse;
  /** Approved amount, minor units: 0 on a decline, less than requested on a partial approval. */
  approvedMinor: number;
  authcode: string | null;
  /** True for the UAT timeout cards: the reply comes after the processor-timeout delay. */
  timesOut: boolean;
}

/**
 * Decides an authorization as UAT does: timeout cards, fixed-result cards, the partial-approval
 * card, then amount-driven codes for $1000.00–$1999.99 (the whole dollars minus 1000 select the
 * code, two digits below 100), and otherwise an approval.
 */
export function decideAuthorization(
  card: CardCheck,
  amountMinor: number,
  nextAuthcode: () => string,
): AuthorizationDecision {
  const pan = card.pan;
  if (pan !== null && TIMEOUT_CARDS.includes(pan)) {
    return { response: PPS.timedOut, approvedMinor: 0, authcode: null, timesOut: true };
  }

  const fixed = pan === null ? undefined : FIXED_CARDS[pan];
  if (fixed !== undefined) {
    const approved = fixed.response.respstat === 'A';
    return {
      response: fixed.response,
      approvedMinor: approved ? amountMinor : 0,
      authcode: approved ? (fixed.authcode ?? nextAuthcode()) : null,
      timesOut: false,
    };
  }

  if (pan === PARTIAL_APPROVAL_CARD && amountMinor >= PARTIAL_APPROVAL_THRESHOLD_MINOR) {
    return {
      response: fnor('10'),
      approvedMinor: PARTIAL_APPROVAL_AMOUNT_MINOR,
      authcode: nextAuthcode(),
      timesOut: false,
    };
  }

  const amountCode = amountDrivenCode(amountMinor);
  if (amountCode !== null) {
    const response = fnor(amountCode);
    const approved = response.respstat === 'A';
    return {
      response,
      approvedMinor: approved ? amountMinor : 0,
      authcode: approved ? nextAuthcode() : null,
      timesOut: false,
    };
  }

  return {
    response: APPROVAL,
    approvedMinor: amountMinor,
    authcode: nextAuthcode(),
    timesOut: false,
  };
}

/** The response code an amount of $1000.00–$1999.99 selects, or null outside that range. */
export function amountDrivenCode(amountMinor: number): string | null {
  if (amountMinor < 100_000 || amountMinor > 199_999) return null;
  const code = Math.floor(amountMinor / 100) - 1000;
  return code < 100 ? String(code).padStart(2, '0') : String(code);
}

/** Decides a refund: after a sale of $2000.00 or more, refunding $1000–$1999 selects a code. */
export function decideRefund(saleMinor: number, refundMinor: number): SimulatedResponse | null {
  if (saleMinor < 200_000) return null;
  const code = amountDrivenCode(refundMinor);
  if (code === null) return null;
  const response = fnor(code);
  return response.respstat === 'A' ? null : response;
}

/** UAT's CVV results by test value; any other value matches. */
export function cvvResult(cvv2: string | undefined): string {
  if (cvv2 === undefined || cvv2 === '') return 'P';
  const byValue: Record<string, string> = { '112': 'M', '111': 'N', '222': 'P', '333': 'U' };
  return byValue[cvv2] ?? 'M';
}

const AVS_BY_CODE: Record<string, string> = {};
const AVS_TABLE: [string, string[]][] = [
  ['X', ['224', '1A1']],
  ['Y', ['225', '406', '1A2']],
  ['A', ['111', '201', '1A3']],
  ['W', ['223', '1A4']],
  ['Z', ['113', '226', '1A5']],
  ['N', ['112', '214', '1A6']],
  ['U', ['221', '1A7']],
  ['G', ['207', '1A8']],
  ['R', ['218', '1A9']],
  ['E', ['205', '2B1']],
  ['S', ['219', '2B2']],
  ['Q', ['228', '2B3']],
  ['D', ['204', '227', '2B4']],
  ['B', ['202', '2B5']],
  ['C', ['203', '2B6']],
  ['P', ['216', '2B7']],
  ['I', ['209', '2B8']],
  ['M', ['213', '2B9']],
];
for (const [result, codes] of AVS_TABLE) {
  for (const code of codes) AVS_BY_CODE[code] = result;
}

/** UAT's AVS result from the last three characters of the postal code; blank when not tested. */
export function avsResult(postal: string | undefined): string {
  if (postal === undefined || postal.length < 3) return ' ';
  return AVS_BY_CODE[postal.slice(-3).toUpperCase()] ?? 'Y';
}
