/**
 * Reply parsing and classification per endpoint. Replies are read by key and unknown keys are
 * ignored, because UAT shuffles fields and adds junk ones and production may add fields at any
 * time. Every decision starts from `respstat`; endpoint codes refine it (PPS 26 on a void).
 */
import { z } from 'zod';

import { type CurrencyInfo, decimalStringToMinor } from '../../common/money';
import { PPS_TXN_NOT_FOUND, PPS_TXN_NOT_SETTLED, PPS_TXN_SETTLED } from './codes';
import type {
  AuthResult,
  BinFacts,
  CaptureResult,
  GatewayResponseCode,
  GatewayTransaction,
  MerchantInfo,
  RefundResult,
  SettlementBatch,
  VoidResult,
} from './types';

/** The reply is JSON but not the shape its endpoint sends. */
export class ReplyShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyShapeError';
  }
}

const text = z.string().optional().catch(undefined);
const flag = z.boolean().optional().catch(undefined);

const CodeSchema = z.object({
  respstat: z.enum(['A', 'B', 'C']),
  respcode: z.string().min(1).max(8),
  resptext: z.string().catch(''),
  respproc: text,
});

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = [
      ...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)')),
    ].join(', ');
    throw new ReplyShapeError(`The ${what} reply is missing or has invalid fields: ${fields}.`);
  }
  return result.data;
}

function codeOf(reply: z.infer<typeof CodeSchema>): GatewayResponseCode {
  return {
    respstat: reply.respstat,
    respcode: reply.respcode,
    resptext: reply.resptext,
    respproc: reply.respproc ?? null,
  };
}

function isPps(reply: GatewayResponseCode, code: string): boolean {
  return reply.respproc === 'PPS' && reply.respcode === code;
}

function amountOf(value: string | undefined, what: string, currency: CurrencyInfo): number | null {
  if (value === undefined) return null;
  const negative = value.startsWith('-');
  const minor = decimalStringToMinor(negative ? value.slice(1) : value, currency);
  if (minor === null) throw new ReplyShapeError(`The ${what} reply has an invalid amount.`);
  return negative ? -minor : minor;
}

function last4Of(...candidates: (string | undefined)[]): string | null {
  for (const candidate of candidates) {
    if (candidate !== undefined && /\d{4}$/.test(candidate)) return candidate.slice(-4);
  }
  return null;
}

const AuthReplySchema = CodeSchema.extend({
  retref: text,
  amount: text,
  authcode: text,
  avsresp: text,
  cvvresp: text,
  token: text,
  account: text,
  entrymode: text,
  binInfo: z
    .object({ country: text, product: text, issuer: text, prepaid: flag, corporate: flag })
    .optional()
    .catch(undefined),
});

export function classifyAuth(
  value: unknown,
  request: { merchantId: string; orderId: string; amountMinor: number },
  currency: CurrencyInfo,
): AuthResult {
  const reply = parseWith(AuthReplySchema, value, 'auth');
  const code = codeOf(reply);
  const retref = reply.retref === undefined || reply.retref === '' ? null : reply.retref;
  let outcome: AuthResult['outcome'];
  let approvedMinor = 0;

  if (code.respstat === 'A') {
    // An approval must say which transaction and how much; without both it cannot be trusted.
    const amount = amountOf(reply.amount, 'auth', currency);
    if (retref === null || amount === null) {
      throw new ReplyShapeError('The auth reply is an approval without a retref or an amount.');
    }
    if (amount <= 0 || amount > request.amountMinor) {
      throw new ReplyShapeError('The auth reply approves an amount outside the requested amount.');
    }
    approvedMinor = amount;
    outcome = amount < request.amountMinor ? 'partial' : 'approved';
  } else if (code.respstat === 'C') {
    outcome = 'declined';
  } else {
    outcome = 'unknown';
  }

  const bin: BinFacts | null =
    reply.binInfo === undefined
      ? null
      : {
          country: reply.binInfo.country ?? null,
          product: reply.binInfo.product ?? null,
          issuer: reply.binInfo.issuer ?? null,
          prepaid: reply.binInfo.prepaid ?? null,
          corporate: reply.binInfo.corporate ?? null,
        };
  return {
    ...code,
    outcome,
    merchantId: request.merchantId,
    orderId: request.orderId,
    retref,
    requestedMinor: request.amountMinor,
    approvedMinor,
    authCode: outcome === 'approved' || outcome === 'partial' ? (reply.authcode ?? null) : null,
    avsResponse: reply.avsresp ?? null,
    cvvResponse: reply.cvvresp ?? null,
    last4: last4Of(reply.token, reply.account),
    entryMode: reply.entrymode ?? null,
    bin,
  };
}

const CaptureReplySchema = CodeSchema.extend({
  retref: text,
  amount: text,
  setlstat: text,
  batchid: text,
});

export function classifyCapture(
  value: unknown,
  retref: string,
  currency: CurrencyInfo,
): CaptureResult {
  const reply = parseWith(CaptureReplySchema, value, 'capture');
  const code = codeOf(reply);
  const outcome =
    code.respstat === 'A' ? 'captured' : code.respstat === 'C' ? 'rejected' : 'unknown';
  return {
    ...code,
    outcome,
    retref: reply.retref ?? retref,
    amountMinor: amountOf(reply.amount, 'capture', currency),
    setlstat: reply.setlstat ?? null,
    batchId: reply.batchid === undefined || reply.batchid === '-1' ? null : reply.batchid,
  };
}

const VoidReplySchema = CodeSchema.extend({ retref: text, amount: text });

export function classifyVoid(value: unknown, currency: CurrencyInfo): VoidResult {
  const reply = parseWith(VoidReplySchema, value, 'void');
  const code = codeOf(reply);
  let outcome: VoidResult['outcome'];
  let reason: VoidResult['reason'] = null;
  if (code.respstat === 'A' && isPps(code, PPS_TXN_SETTLED)) {
    // Approved in form only: a settled transaction cannot be voided, so nothing was reversed.
    outcome = 'not_voided';
    reason = 'settled';
  } else if (code.respstat === 'A') {
    outcome = 'voided';
  } else if (code.respstat === 'C') {
    outcome = 'not_voided';
    reason = isPps(code, PPS_TXN_NOT_FOUND) ? 'not_found' : 'rejected';
  } else {
    outcome = 'unknown';
  }
  return {
    ...code,
    outcome,
    reason,
    retref: reply.retref === undefined || reply.retref === '' ? null : reply.retref,
    replyAmountMinor: amountOf(reply.amount, 'void', currency),
  };
}

const RefundReplySchema = CodeSchema.extend({ retref: text, amount: text });

export function classifyRefund(value: unknown, currency: CurrencyInfo): RefundResult {
  const reply = parseWith(RefundReplySchema, value, 'refund');
  const code = codeOf(reply);
  let outcome: RefundResult['outcome'];
  let reason: RefundResult['reason'] = null;
  if (code.respstat === 'A') {
    if (reply.retref === undefined || reply.retref === '') {
      throw new ReplyShapeError('The refund reply is an approval without a retref.');
    }
    outcome = 'refunded';
  } else if (code.respstat === 'C') {
    outcome = 'declined';
    reason = isPps(code, PPS_TXN_NOT_SETTLED)
      ? 'not_settled'
      : isPps(code, PPS_TXN_NOT_FOUND)
        ? 'not_found'
        : 'declined';
  } else {
    outcome = 'unknown';
  }
  return {
    ...code,
    outcome,
    reason,
    retref: reply.retref === undefined || reply.retref === '' ? null : reply.retref,
    amountMinor: amountOf(reply.amount, 'refund', currency),
  };
}

const TransactionReplySchema = CodeSchema.extend({
  merchid: z.string().min(1),
  retref: z.string().min(1),
  amount: z.string(),
  orderid: text,
  orderId: text,
  authcode: text,
  setlstat: text,
  voidable: text,
  refundable: text,
  lastfour: text,
  token: text,
  account: text,
  currency: text,
  batchid: text,
  authdate: text,
  entrymode: text,
});

/** True for the reply the gateway sends when it has no such transaction: PPS 29, no setlstat. */
function isNotFound(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    record.respproc === 'PPS' &&
    record.respcode === PPS_TXN_NOT_FOUND &&
    record.setlstat === undefined
  );
}

function toTransaction(value: unknown, what: string, currency: CurrencyInfo): GatewayTransaction {
  const reply = parseWith(TransactionReplySchema, value, what);
  const amountMinor = amountOf(reply.amount, what, currency) ?? 0;
  return {
    merchantId: reply.merchid,
    orderId: reply.orderid ?? reply.orderId ?? null,
    retref: reply.retref,
    amountMinor,
    respstat: reply.respstat,
    respcode: reply.respcode,
    resptext: reply.resptext,
    respproc: reply.respproc ?? null,
    authCode: reply.authcode ?? null,
    setlstat: reply.setlstat ?? null,
    voidable: reply.voidable === 'Y',
    refundable: reply.refundable === 'Y',
    last4:
      reply.lastfour !== undefined && /^\d{4}$/.test(reply.lastfour)
        ? reply.lastfour
        : last4Of(reply.token, reply.account),
    currency: reply.currency ?? null,
    batchId: reply.batchid ?? null,
    authDate: reply.authdate ?? null,
    entryMode: reply.entrymode ?? null,
  };
}

export function parseInquiry(value: unknown, currency: CurrencyInfo): GatewayTransaction | null {
  if (isNotFound(value)) return null;
  return toTransaction(value, 'inquire', currency);
}

/** `inquireByOrderid` sends one object for one match and an array for several. */
export function parseOrderInquiry(value: unknown, currency: CurrencyInfo): GatewayTransaction[] {
  if (isNotFound(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => toTransaction(item, 'inquireByOrderid', currency));
}

const BatchSchema = z.object({
  batchid: z.string().min(1),
  merchid: z.string().min(1),
  hoststat: z.string().catch(''),
  hostbatch: text,
  txns: z
    .array(
      z.object({
        retref: z.string().min(1),
        setlamount: z.string(),
        setlstat: z.string().catch(''),
        salesdoc: text,
        authcode: text,
        cardtype: text,
      }),
    )
    .catch([]),
});

export function parseSettlement(value: unknown, currency: CurrencyInfo): SettlementBatch[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const batch = parseWith(BatchSchema, item, 'settlestat');
    return {
      batchId: batch.batchid,
      merchantId: batch.merchid,
      hostStatus: batch.hoststat,
      hostBatch: batch.hostbatch ?? null,
      transactions: batch.txns.map((transaction) => ({
        retref: transaction.retref,
        amountMinor: amountOf(transaction.setlamount, 'settlestat', currency) ?? 0,
        setlstat: transaction.setlstat,
        orderId:
          transaction.salesdoc === undefined || transaction.salesdoc === ''
            ? null
            : transaction.salesdoc,
        authCode:
          transaction.authcode === undefined || transaction.authcode === ''
            ? null
            : transaction.authcode,
        cardType:
          transaction.cardtype === undefined || transaction.cardtype === ''
            ? null
            : transaction.cardtype,
      })),
    };
  });
}

const MerchantSchema = z.object({
  merchid: z.string().min(1),
  enabled: z.boolean(),
  site: text,
  cardproc: text,
  avs: text,
  cvv: text,
  echeck: text,
});

export function parseMerchant(value: unknown): MerchantInfo {
  const reply = parseWith(MerchantSchema, value, 'inquireMerchant');
  return {
    merchantId: reply.merchid,
    enabled: reply.enabled,
    site: reply.site ?? null,
    cardProcessor: reply.cardproc ?? null,
    avs: reply.avs === 'Y',
    cvv: reply.cvv === 'Y',
    echeck: reply.echeck === 'Y',
  };
}

/** The code fields of any transaction reply, when present, for logging and unknown-code notes. */
export function peekCode(value: unknown): GatewayResponseCode | null {
  const result = CodeSchema.safeParse(value);
  return result.success ? codeOf(result.data) : null;
}
