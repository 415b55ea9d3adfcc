/**
 * The DPT (payment) command: building the request and deciding what each DPT reply frame means for
 * the payment in flight. An approval counts only when it names this DPT's order id, an amount no
 * more than requested, the configured merchant id and a retref not seen before.
 */
import type { TerminalPrompt } from '../../../common/contract';
import type {
  TerminalApproval,
  TerminalCard,
  TerminalPaymentType,
  TerminalSaleOutcome,
  TerminalSaleRequest,
} from '../types';
import type { PaeFrame } from './codec';
import { maskCardDigits } from '../../log/redact';
import { field, maskedTextField, parseJsonObject, parsePrompt, textField } from './messages';
import { describeResponse, generalCode, PaeCode } from './responses';

/**
 * PAE payment types the driver sends. Type 3 (refund without reference, a forced credit to
 * whatever card is presented) and type 5 (tokenize only) are deliberately absent: refunds go
 * through the gateway by retref.
 */
const PAYMENT_TYPE_CODES: Record<TerminalPaymentType, 1 | 6> = { sale: 1, auth_only: 6 };

const ORDER_ID_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,18}$/;
const PAYMENT_USER_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

/** Returns a reason the request cannot be sent, or null when it is valid. */
export function validateSaleRequest(request: TerminalSaleRequest): string | null {
  if (!ORDER_ID_PATTERN.test(request.orderId)) {
    return 'orderId must be 1 to 19 letters and digits starting with a letter';
  }
  if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
    return 'amountMinor must be a positive integer number of cents';
  }
  if (!(request.paymentType in PAYMENT_TYPE_CODES)) {
    return 'paymentType must be sale or auth_only';
  }
  if (!PAYMENT_USER_PATTERN.test(request.paymentUser)) {
    return 'paymentUser must be 1 to 32 letters, digits or hyphens';
  }
  return null;
}

/** Builds the DPT data field, with field names as in the guide's DPT request table. */
export function dptRequestData(request: TerminalSaleRequest): string {
  return JSON.stringify({
    orderId: request.orderId,
    paymentAmount: request.amountMinor,
    paymentType: PAYMENT_TYPE_CODES[request.paymentType],
    paymentUser: request.paymentUser,
  });
}

export interface DptContext {
  orderId: string;
  amountMinor: number;
  merchantId: string;
  isRetrefSeen(retref: string): boolean;
}

export type DptFrameMeaning =
  | { kind: 'prompt'; prompt: TerminalPrompt }
  | { kind: 'final'; outcome: TerminalSaleOutcome }
  /** A reply that belongs to another payment (another order id, a replay): ignore it. */
  | { kind: 'foreign'; why: string }
  /** A frame for this payment that cannot be read: counts toward the garbled-frame limit. */
  | { kind: 'garbled'; why: string };

/** Decides what a DPT reply frame means for the DPT in flight described by `context`. */
export function interpretDptFrame(frame: PaeFrame, context: DptContext): DptFrameMeaning {
  const general = generalCode(frame.code);

  if (general === PaeCode.LCD_MESSAGE) {
    const prompt = parsePrompt(frame.data);
    return prompt.ok
      ? { kind: 'prompt', prompt: prompt.value }
      : { kind: 'garbled', why: prompt.message };
  }
  if (general === PaeCode.PAYMENT_ACCEPTED) {
    return interpretApproval(frame, context, false);
  }
  if (general === PaeCode.ACCEPTED_OFFLINE || general === PaeCode.ACCEPTED_OFFLINE_ALTERNATE) {
    return interpretApproval(frame, context, true);
  }
  if (general === PaeCode.PAYMENT_DECLINED) {
    return interpretDecline(frame, context);
  }
  if (general === PaeCode.CANCELLED_BY_POS) {
    return { kind: 'final', outcome: { kind: 'cancelled' } };
  }
  if (general === PaeCode.BAD_READ_RETRYING) {
    // The device retries the read itself; the payment goes on.
    return {
      kind: 'prompt',
      prompt: { code: null, text: describeResponse(frame.code).toUpperCase() },
    };
  }
  return {
    kind: 'final',
    outcome: { kind: 'failed', responseCode: frame.code, message: describeResponse(frame.code) },
  };
}

function interpretApproval(
  frame: PaeFrame,
  context: DptContext,
  offline: boolean,
): DptFrameMeaning {
  const data = parseJsonObject(frame.data);
  if (data === null) {
    return offline
      ? { kind: 'final', outcome: { kind: 'offline', approval: emptyApproval(context) } }
      : unknown('the approval frame carries no readable data');
  }

  const orderId = textField(data, 'externalTransactionID') ?? textField(data, 'orderId');
  if (orderId !== null && orderId !== context.orderId) {
    return { kind: 'foreign', why: 'approval for another order id' };
  }
  if (orderId === null && !offline) {
    return unknown('the approval frame carries no order id');
  }

  const retref = maskedTextField(data, 'processorReference');
  if (retref !== null && context.isRetrefSeen(retref)) {
    return { kind: 'foreign', why: 'approval repeats a retref already seen' };
  }

  const merchantId = textField(data, 'merchantID');
  if (merchantId !== null && merchantId !== context.merchantId) {
    const reported = foreignMerchantId(merchantId);
    return {
      kind: 'final',
      outcome: {
        kind: 'merchant_mismatch',
        reportedMerchantId: reported,
        message: `The terminal approved the sale under merchant id ${reported}, not the configured ${context.merchantId}.`,
      },
    };
  }
  if (merchantId === null && !offline) {
    return unknown('the approval frame carries no merchant id');
  }

  const amountText = textField(data, 'amountAuth');
  const approvedMinor = amountText === null ? null : parseCents(amountText);
  if (approvedMinor === null && !offline) {
    return unknown('the approval frame carries no valid amountAuth');
  }
  if (approvedMinor !== null && approvedMinor > context.amountMinor) {
    return unknown(
      `the approval amount ${approvedMinor} exceeds the requested ${context.amountMinor}`,
    );
  }

  const approval: TerminalApproval = {
    orderId: context.orderId,
    approvedMinor: approvedMinor ?? context.amountMinor,
    requestedMinor: context.amountMinor,
    merchantId,
    retref,
    authCode: maskedTextField(data, 'authorization'),
    respCode: maskedTextField(data, 'processorCode'),
    respText: maskedTextField(data, 'processorMsg'),
    card: cardFromReply(data),
    emvTags: stringRecord(field(data, 'emvTags')),
    receiptData: stringRecord(field(data, 'receiptData')),
  };
  return {
    kind: 'final',
    outcome: offline
      ? { kind: 'offline', approval }
      : { kind: 'approved', approval, afterCancel: false },
  };
}

function interpretDecline(frame: PaeFrame, context: DptContext): DptFrameMeaning {
  const data = parseJsonObject(frame.data) ?? {};
  const orderId = textField(data, 'externalTransactionID') ?? textField(data, 'orderId');
  if (orderId !== null && orderId !== context.orderId) {
    return { kind: 'foreign', why: 'decline for another order id' };
  }
  if (orderId === null) {
    // Taking an unbound decline as this sale's result could hide an approval still on its way.
    return unknown('the decline frame carries no order id');
  }
  return {
    kind: 'final',
    outcome: {
      kind: 'declined',
      respCode: maskedTextField(data, 'processorCode'),
      respText: maskedTextField(data, 'processorMsg'),
      retref: maskedTextField(data, 'processorReference'),
      card: cardFromReply(data),
    },
  };
}

function unknown(reason: string): DptFrameMeaning {
  return { kind: 'final', outcome: { kind: 'unknown', reason } };
}

function emptyApproval(context: DptContext): TerminalApproval {
  return {
    orderId: context.orderId,
    approvedMinor: context.amountMinor,
    requestedMinor: context.amountMinor,
    merchantId: null,
    retref: null,
    authCode: null,
    respCode: null,
    respText: null,
    card: { brand: null, last4: null, entryMode: null },
    emvTags: {},
    receiptData: {},
  };
}

/** Integer cents from the decimal digits the device sends (`"150"` is $1.50). */
function parseCents(text: string): number | null {
  if (!/^\d{1,12}$/.test(text)) {
    return null;
  }
  return Number(text);
}

const BRAND_BY_PRODUCT: Record<string, string> = {
  V: 'Visa',
  M: 'Mastercard',
  A: 'American Express',
  D: 'Discover',
};

const BRAND_BY_NETWORK_LABEL: Record<string, string> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  'AMERICAN EXPRESS': 'American Express',
  DISCOVER: 'Discover',
};

/**
 * Card brand and last 4 from a DPT reply: the CardSecure token ends with the card's last four
 * digits, and the gateway's BIN information (`bininfo.product`) gives the brand. The token itself
 * is read here and dropped.
 */
function cardFromReply(data: Record<string, unknown>): TerminalCard {
  const token = textField(data, 'cardToken');
  const last4 = token !== null && /^\d{12,19}$/.test(token) ? token.slice(-4) : null;
  const binInfo = stringRecord(field(data, 'bininfo'));
  const emvTags = stringRecord(field(data, 'emvTags'));
  const networkLabel = (emvTags['Network Label'] ?? '').toUpperCase();
  const brand =
    BRAND_BY_PRODUCT[binInfo.product ?? ''] ?? BRAND_BY_NETWORK_LABEL[networkLabel] ?? null;
  return { brand, last4, entryMode: emvTags['Entry method'] ?? null };
}

/** Maximum length of a foreign merchant id in messages; CardPointe's sample ids are 12 digits. */
const MAX_MERCHANT_ID_LENGTH = 32;

/** Masks a merchant id from the terminal that is not ours and cuts it short for messages. */
function foreignMerchantId(merchantId: string): string {
  const masked = maskCardDigits(merchantId);
  return masked.length > MAX_MERCHANT_ID_LENGTH
    ? `${masked.slice(0, MAX_MERCHANT_ID_LENGTH)}…`
    : masked;
}

/**
 * Flattens a JSON-encoded object string (as the device sends) or an object into string values,
 * with card-number-shaped digit runs masked in names and values.
 */
function stringRecord(value: unknown): Record<string, string> {
  const object = typeof value === 'string' ? parseJsonObject(value) : value;
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return {};
  }
  const record: Record<string, string> = {};
  for (const [key, entry] of Object.entries(object as Record<string, unknown>)) {
    if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean') {
      record[maskCardDigits(key)] = maskCardDigits(String(entry));
    }
  }
  return record;
}
