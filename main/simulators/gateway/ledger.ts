/**
 * The simulated gateway's transaction rules: authorization, capture, void, refund, inquiries and
 * settlement, each returning the JSON body the real gateway would send. Calls are synchronous, so
 * one request's change is complete before the next request reads the state.
 */
import {
  type CardBrand,
  type SimulatedResponse,
  avsResult,
  checkAccount,
  cvvResult,
  decideAuthorization,
  decideRefund,
  PPS,
} from './cards';
import type { SeededRandom } from './random';
import type { GatewayState, SettlementBatch, SimulatedTransaction, StateStore } from './state';

export type ReplyBody = Record<string, unknown>;

export interface LedgerOptions {
  merchantIds: readonly string[];
  currency: string;
  site: string;
  random: SeededRandom;
  now: () => Date;
}

export interface AuthOutcome {
  body: ReplyBody;
  /** True when the reply is the "Timed out" answer, which UAT sends after the processor wait. */
  timesOut: boolean;
}

/** Formats minor units as the gateway's reply amount: dollars with two decimals. */
export function replyAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Parses a request amount as the gateway does: with a decimal point it is dollars ("20.00"),
 * without one it is minor units ("2000"). Returns null when absent and 'invalid' when malformed.
 */
export function parseRequestAmount(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : 'invalid';
  }
  if (typeof value !== 'string') return 'invalid';
  const match = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  if (match === null) return 'invalid';
  const sign = match[1] === '-' ? -1 : 1;
  const whole = match[2] ?? '0';
  if (match[3] === undefined) return sign * Number(whole);
  return sign * (Number(whole) * 100 + Number(match[3].padEnd(2, '0')));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function stamp(date: Date): string {
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

const BRAND_PRODUCT: Record<CardBrand, string> = {
  visa: 'V',
  mastercard: 'M',
  amex: 'A',
  discover: 'D',
  diners: 'N',
  jcb: 'J',
};

const BRAND_CARD_TYPE: Record<CardBrand, string> = {
  visa: 'VISA',
  mastercard: 'MC',
  amex: 'AMEX',
  discover: 'DISC',
  diners: 'DINERS',
  jcb: 'JCB',
};

function setlstatOf(transaction: SimulatedTransaction): string {
  switch (transaction.state) {
    case 'authorized':
      return transaction.authorizedMinor === 0 ? 'Zero Amount' : 'Authorized';
    case 'queued':
      return 'Queued for Capture';
    case 'accepted':
      return 'Accepted';
    case 'voided':
      return 'Voided';
    case 'declined':
      return 'Declined';
  }
}

function codeFields(response: SimulatedResponse): ReplyBody {
  return {
    respstat: response.respstat,
    respcode: response.respcode,
    resptext: response.resptext,
    respproc: response.respproc,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export class Ledger {
  constructor(
    private readonly store: StateStore,
    private readonly options: LedgerOptions,
  ) {}

  private get state(): GatewayState {
    return this.store.state;
  }

  transactions(): SimulatedTransaction[] {
    return this.state.transactions.map((transaction) => ({ ...transaction }));
  }

  knowsMerchant(merchantId: string): boolean {
    return this.options.merchantIds.includes(merchantId);
  }

  setMerchantSwitch(merchantId: string, name: 'unsettledRefunds', on: boolean): void {
    const switches = this.state.switches[merchantId] ?? { unsettledRefunds: false };
    switches[name] = on;
    this.state.switches[merchantId] = switches;
    this.store.save();
  }

  private allowsUnsettledRefunds(merchantId: string): boolean {
    return this.state.switches[merchantId]?.unsettledRefunds === true;
  }

  private newRetref(): string {
    const taken = new Set(this.state.transactions.map((transaction) => transaction.retref));
    for (;;) {
      const retref = this.options.random.digits(12);
      if (!taken.has(retref)) return retref;
    }
  }

  private newAuthcode(): string {
    return `PPS${this.options.random.digits(3)}`;
  }

  private openBatch(merchantId: string): string {
    let batchId = this.state.openBatches[merchantId];
    if (batchId === undefined) {
      batchId = String(this.state.nextBatchNumber);
      this.state.nextBatchNumber += 1;
      this.state.openBatches[merchantId] = batchId;
    }
    return batchId;
  }

  private find(retref: unknown, merchantId: string): SimulatedTransaction | undefined {
    return this.state.transactions.find(
      (transaction) => transaction.retref === retref && transaction.merchantId === merchantId,
    );
  }

  private isVoidable(transaction: SimulatedTransaction): boolean {
    return transaction.state === 'authorized' || transaction.state === 'queued';
  }

  private isRefundable(transaction: SimulatedTransaction): boolean {
    if (transaction.kind !== 'authorization') return false;
    if (transaction.amountMinor - transaction.refundedMinor <= 0) return false;
    if (transaction.state === 'accepted') return true;
    return (
      this.isVoidable(transaction) &&
      transaction.authorizedMinor > 0 &&
      this.allowsUnsettledRefunds(transaction.merchantId)
    );
  }

  /** Authorizes (and with capture "Y", captures) a card or token, as `auth` does. */
  auth(body: ReplyBody): AuthOutcome {
    const merchantId = text(body.merchid) ?? '';
    if (!this.knowsMerchant(merchantId)) {
      return { body: { ...codeFields(PPS.invalidMerchant), merchid: merchantId }, timesOut: false };
    }
    const amount = parseRequestAmount(body.amount);
    if (amount === 'invalid' || amount === null) {
      return { body: { ...codeFields(PPS.invalidAmount), merchid: merchantId }, timesOut: false };
    }
    if (amount < 0) {
      return {
        body: { ...codeFields(PPS.refundsWithoutReference), merchid: merchantId },
        timesOut: false,
      };
    }
    const currency = text(body.currency) ?? this.options.currency;
    if (currency.toUpperCase() !== this.options.currency) {
      return { body: { ...codeFields(PPS.wrongCurrency), merchid: merchantId }, timesOut: false };
    }
    const account = text(body.account);
    if (account === undefined) {
      return { body: { ...codeFields(PPS.invalidField), merchid: merchantId }, timesOut: false };
    }
    const expiry = text(body.expiry);
    if (expiry === undefined || !/^\d{4}(\d{1,4})?$/.test(expiry)) {
      return {
        body: { ...codeFields(PPS.nonNumericExpiry), merchid: merchantId },
        timesOut: false,
      };
    }
    const cvv2 = text(body.cvv2);
    if (cvv2 !== undefined && !/^\d{3,4}$/.test(cvv2)) {
      return { body: { ...codeFields(PPS.nonNumericCvv), merchid: merchantId }, timesOut: false };
    }
    const orderId = text(body.orderid) ?? null;
    if (orderId !== null && orderId.length > 50) {
      return { body: { ...codeFields(PPS.invalidField), merchid: merchantId }, timesOut: false };
    }

    const card = checkAccount(account);
    const retref = this.newRetref();
    const now = this.options.now();
    const rejection = card.rejection;
    const decision =
      rejection === null
        ? decideAuthorization(card, amount, () => this.newAuthcode())
        : { response: rejection, approvedMinor: 0, authcode: null, timesOut: false };
    const approved = decision.response.respstat === 'A';
    const capture = /^y$/i.test(text(body.capture) ?? '') && approved && decision.approvedMinor > 0;

    const transaction: SimulatedTransaction = {
      retref,
      merchantId,
      orderId,
      kind: 'authorization',
      state: approved ? (capture ? 'queued' : 'authorized') : 'declined',
      voided: false,
      parentRetref: null,
      requestedMinor: amount,
      authorizedMinor: decision.approvedMinor,
      amountMinor: decision.approvedMinor,
      refundedMinor: 0,
      currency: this.options.currency,
      ...decision.response,
      authcode: decision.authcode,
      token: card.token,
      last4: card.last4,
      brand: card.brand,
      expiry: expiry.length === 4 ? expiry : `${expiry.slice(4, 6)}${expiry.slice(2, 4)}`,
      avsresp: approved ? avsResult(text(body.postal)) : null,
      cvvresp: approved ? cvvResult(cvv2) : null,
      entrymode: entryMode(body),
      batchId: capture ? this.openBatch(merchantId) : null,
      authDate: stamp(now).slice(0, 8),
      capturedAt: capture ? stamp(now) : null,
      settledAt: null,
      createdAt: now.toISOString(),
    };
    this.state.transactions.push(transaction);
    this.store.save();

    return { body: this.authReply(transaction, body), timesOut: decision.timesOut };
  }

  private authReply(transaction: SimulatedTransaction, request: ReplyBody): ReplyBody {
    const approved = transaction.respstat === 'A';
    const reply: ReplyBody = {
      ...codeFields(transaction),
      retref: transaction.retref,
      merchid: transaction.merchantId,
      amount: replyAmount(transaction.authorizedMinor),
      commcard: 'N',
    };
    if (transaction.token !== '') {
      reply.account = transaction.token;
      reply.token = transaction.token;
      reply.expiry = transaction.expiry;
    }
    if (approved) {
      reply.authcode = transaction.authcode;
      reply.avsresp = transaction.avsresp;
      reply.cvvresp = transaction.cvvresp;
    } else {
      reply.setlstat = 'Declined';
    }
    if (transaction.batchId !== null) {
      reply.batchid = transaction.batchId;
    }
    if (transaction.brand !== null) {
      reply.binInfo = this.binInfo(transaction.brand);
    }
    reply.entrymode = transaction.entrymode;
    if (/^(y|json)$/i.test(text(request.receipt) ?? '') && transaction.orderId !== null) {
      reply.orderId = transaction.orderId;
    }
    return reply;
  }

  private binInfo(brand: CardBrand): ReplyBody {
    return {
      country: 'USA',
      product: BRAND_PRODUCT[brand],
      bin: '',
      cardusestring: 'Credit',
      gsa: false,
      corporate: false,
      fsa: false,
      subtype: '',
      purchase: false,
      prepaid: false,
      issuer: 'Cardlane Simulated Bank',
      binlo: '',
      binhi: '',
    };
  }

  capture(body: ReplyBody): ReplyBody {
    const merchantId = text(body.merchid) ?? '';
    const transaction = this.find(body.retref, merchantId);
    const notFound = {
      ...codeFields(PPS.txnNotFound),
      retref: text(body.retref) ?? '',
      batchid: '-1',
    };
    if (transaction === undefined || transaction.kind !== 'authorization') return notFound;
    if (transaction.state === 'declined' || transaction.state === 'voided') return notFound;

    const amount = parseRequestAmount(body.amount);
    if (amount === 'invalid' || (amount !== null && amount <= 0)) {
      return { ...codeFields(PPS.invalidAmount), retref: transaction.retref, merchid: merchantId };
    }
    if (transaction.state === 'authorized') {
      if (amount !== null && amount > transaction.authorizedMinor) {
        return {
          respstat: 'C',
          respcode: '42',
          resptext: 'Above max amount',
          respproc: 'PPS',
          retref: transaction.retref,
          merchid: merchantId,
        };
      }
      if (amount !== null) transaction.amountMinor = amount;
      transaction.state = 'queued';
      transaction.batchId = this.openBatch(merchantId);
      transaction.capturedAt = stamp(this.options.now());
      this.store.save();
    }
    return {
      ...codeFields({
        respstat: 'A',
        respcode: '00',
        resptext: 'Approval',
        respproc: transaction.respproc,
      }),
      merchid: merchantId,
      account: transaction.token,
      authcode: transaction.authcode,
      amount: replyAmount(transaction.amountMinor),
      retref: transaction.retref,
      batchid: transaction.batchId,
      setlstat: setlstatOf(transaction),
      commcard: 'N',
      token: transaction.token,
      ...(transaction.orderId === null ? {} : { orderid: transaction.orderId }),
    };
  }

  /**
   * Voids by retref: a partial amount only while Authorized, the full amount while Queued for
   * Capture; a settled transaction answers A with PPS 26 "Txn Settled" and is not voided.
   */
  void(body: ReplyBody): ReplyBody {
    const merchantId = text(body.merchid) ?? '';
    const transaction = this.find(body.retref, merchantId);
    if (transaction === undefined || transaction.state === 'declined') {
      return { ...codeFields(PPS.txnNotFound), retref: text(body.retref) ?? '' };
    }
    const amount = parseRequestAmount(body.amount);
    if (amount === 'invalid' || (amount !== null && amount < 0)) {
      return { ...codeFields(PPS.invalidAmount), retref: transaction.retref, merchid: merchantId };
    }
    return this.voidTransaction(transaction, amount);
  }

  private voidTransaction(transaction: SimulatedTransaction, amount: number | null): ReplyBody {
    const reply = (response: SimulatedResponse, extra: ReplyBody = {}): ReplyBody => ({
      ...codeFields(response),
      merchid: transaction.merchantId,
      retref: transaction.retref,
      amount: replyAmount(transaction.amountMinor),
      currency: transaction.currency,
      ...(transaction.orderId === null ? {} : { orderId: transaction.orderId }),
      ...extra,
    });
    const approval = {
      respstat: 'A',
      respcode: '00',
      resptext: 'Approval',
      respproc: transaction.respproc,
    } as const;

    if (transaction.state === 'accepted') return reply(PPS.txnSettled);
    if (transaction.state === 'voided') return reply(approval, { authcode: 'REVERS' });

    const full = amount === null || amount === 0 || amount >= transaction.amountMinor;
    if (!full && transaction.state === 'queued') {
      return reply(PPS.invalidAmount);
    }
    if (full) {
      transaction.state = 'voided';
      transaction.voided = true;
      transaction.amountMinor = 0;
    } else {
      transaction.amountMinor -= amount;
    }
    this.store.save();
    return reply(approval, { authcode: 'REVERS' });
  }

  /** Voids the latest transaction with the order id, skipping declined attempts. */
  voidByOrderId(body: ReplyBody): ReplyBody {
    const merchantId = text(body.merchid) ?? '';
    const orderId = text(body.orderid);
    const candidates = this.state.transactions.filter(
      (transaction) =>
        transaction.orderId === orderId &&
        transaction.merchantId === merchantId &&
        transaction.kind === 'authorization' &&
        transaction.state !== 'declined',
    );
    const live = candidates.filter((transaction) => transaction.state !== 'voided');
    const target = live.at(-1) ?? candidates.at(-1);
    if (orderId === undefined || target === undefined) {
      return { ...codeFields(PPS.txnNotFound), ...(orderId === undefined ? {} : { orderId }) };
    }
    const amount = parseRequestAmount(body.amount);
    if (amount === 'invalid' || (amount !== null && amount < 0)) {
      return { ...codeFields(PPS.invalidAmount), retref: target.retref, merchid: merchantId };
    }
    return this.voidTransaction(target, amount);
  }

  /**
   * Refunds a settled transaction (or an unsettled one when the merchant allows it) under the
   * original merchant id, in full or for part of what is left.
   */
  refund(body: ReplyBody): ReplyBody {
    const merchantId = text(body.merchid) ?? '';
    const original = this.find(body.retref, merchantId);
    if (
      original === undefined ||
      original.kind !== 'authorization' ||
      original.state === 'declined' ||
      original.state === 'voided'
    ) {
      return { ...codeFields(PPS.txnNotFound), retref: text(body.retref) ?? '' };
    }
    if (!this.isRefundable(original) && original.state !== 'accepted') {
      return { ...codeFields(PPS.txnNotSettled), retref: original.retref, merchid: merchantId };
    }
    const remaining = original.amountMinor - original.refundedMinor;
    const amount = parseRequestAmount(body.amount);
    if (
      amount === 'invalid' ||
      (amount !== null && (amount < 0 || amount > remaining)) ||
      remaining <= 0
    ) {
      return { ...codeFields(PPS.invalidAmount), retref: original.retref, merchid: merchantId };
    }
    const refundMinor = amount === null || amount === 0 ? remaining : amount;
    const orderId = text(body.orderid) ?? original.orderId;
    const decline = decideRefund(original.amountMinor, refundMinor);
    const now = this.options.now();
    const refund: SimulatedTransaction = {
      ...original,
      retref: this.newRetref(),
      orderId,
      kind: 'refund',
      state: decline === null ? 'queued' : 'declined',
      voided: false,
      parentRetref: original.retref,
      requestedMinor: refundMinor,
      authorizedMinor: decline === null ? refundMinor : 0,
      amountMinor: decline === null ? refundMinor : 0,
      refundedMinor: 0,
      ...(decline ?? { respstat: 'A', respcode: '00', resptext: 'Approval', respproc: 'PPS' }),
      authcode: decline === null ? 'REFUND' : null,
      batchId: decline === null ? this.openBatch(merchantId) : null,
      authDate: stamp(now).slice(0, 8),
      capturedAt: decline === null ? stamp(now) : null,
      settledAt: null,
      createdAt: now.toISOString(),
    };
    this.state.transactions.push(refund);
    if (decline === null) original.refundedMinor += refundMinor;
    this.store.save();

    return {
      ...codeFields(refund),
      merchid: merchantId,
      retref: refund.retref,
      amount: replyAmount(refund.amountMinor),
      ...(orderId === null ? {} : { orderid: orderId }),
      ...(refund.authcode === null ? {} : { authcode: refund.authcode }),
    };
  }

  /** The `inquire` body for a transaction; `inquireByOrderid` adds `account` and says `orderId`. */
  private inquiryBody(transaction: SimulatedTransaction, byOrderId: boolean): ReplyBody {
    const body: ReplyBody = {
      merchid: transaction.merchantId,
      amount: replyAmount(transaction.amountMinor),
      currency: transaction.currency,
      retref: transaction.retref,
      ...codeFields(transaction),
      setlstat: setlstatOf(transaction),
      authdate: transaction.authDate,
      lastfour: transaction.last4,
      entrymode: transaction.entrymode,
      voidable: this.isVoidable(transaction) ? 'Y' : 'N',
      refundable: this.isRefundable(transaction) ? 'Y' : 'N',
    };
    if (transaction.orderId !== null) body[byOrderId ? 'orderId' : 'orderid'] = transaction.orderId;
    if (transaction.token !== '') {
      body.token = transaction.token;
      body.expiry = transaction.expiry;
      if (byOrderId) body.account = transaction.token;
    }
    if (transaction.authcode !== null) body.authcode = transaction.authcode;
    if (transaction.batchId !== null) body.batchid = transaction.batchId;
    if (transaction.capturedAt !== null) body.capturedate = transaction.capturedAt;
    if (transaction.settledAt !== null) body.settledate = transaction.settledAt;
    return body;
  }

  inquire(retref: string, merchantId: string): ReplyBody {
    const transaction = this.find(retref, merchantId);
    if (transaction === undefined) return { ...codeFields(PPS.txnNotFound), retref };
    return this.inquiryBody(transaction, false);
  }

  /** Every transaction with the order id: one object for one match, an array for several. */
  inquireByOrderid(
    orderId: string,
    merchantId: string,
    sameMerchantOnly: boolean,
  ): ReplyBody | ReplyBody[] {
    const matches = this.state.transactions.filter(
      (transaction) =>
        transaction.orderId === orderId &&
        transaction.kind === 'authorization' &&
        (!sameMerchantOnly || transaction.merchantId === merchantId) &&
        this.knowsMerchant(transaction.merchantId),
    );
    if (matches.length === 0) return { ...codeFields(PPS.txnNotFound), orderId };
    const bodies = matches.map((transaction) => this.inquiryBody(transaction, true));
    return bodies.length === 1 ? (bodies[0] as ReplyBody) : bodies;
  }

  inquireMerchant(merchantId: string): ReplyBody {
    const known = this.knowsMerchant(merchantId);
    return {
      site: this.options.site,
      acctupdater: 'N',
      cvv: 'N',
      cardproc: 'FNOR',
      fee_type: 'N',
      enabled: known,
      echeck: 'N',
      merchid: merchantId,
      avs: 'N',
    };
  }

  /** Moves every Queued for Capture transaction to Accepted, one batch per merchant. */
  runSettlement(): SettlementBatch[] {
    const now = this.options.now();
    const created: SettlementBatch[] = [];
    const queuedByMerchant = new Map<string, SimulatedTransaction[]>();
    for (const transaction of this.state.transactions) {
      if (transaction.state !== 'queued') continue;
      const list = queuedByMerchant.get(transaction.merchantId) ?? [];
      list.push(transaction);
      queuedByMerchant.set(transaction.merchantId, list);
    }
    for (const [merchantId, queued] of queuedByMerchant) {
      const batchId = this.openBatch(merchantId);
      delete this.state.openBatches[merchantId];
      for (const transaction of queued) {
        transaction.state = 'accepted';
        transaction.batchId = batchId;
        transaction.settledAt = stamp(now);
      }
      const batch: SettlementBatch = {
        batchId,
        merchantId,
        hostBatch: this.options.random.digits(10),
        date: stamp(now).slice(4, 8),
        settledAt: now.toISOString(),
        retrefs: queued.map((transaction) => transaction.retref),
        reported: false,
      };
      this.state.batches.push(batch);
      created.push(batch);
    }
    this.store.save();
    return created;
  }

  /**
   * Settlement status by date (MMDD) or batch id, or with neither every batch not returned
   * before. Returns null when nothing matches: the gateway then sends the text "Null batches".
   */
  settlestat(merchantId: string, date: string | null, batchId: string | null): ReplyBody[] | null {
    let batches = this.state.batches.filter((batch) => batch.merchantId === merchantId);
    if (batchId !== null) {
      batches = batches.filter((batch) => batch.batchId === batchId);
    } else if (date !== null) {
      batches = batches.filter((batch) => batch.date === date.slice(-4));
    } else {
      batches = batches.filter((batch) => !batch.reported);
      for (const batch of batches) batch.reported = true;
      if (batches.length > 0) this.store.save();
    }
    if (batches.length === 0) return null;
    return batches.map((batch) => ({
      respproc: 'FNOR',
      hostbatch: batch.hostBatch,
      batchid: batch.batchId,
      hoststat: 'GB',
      merchid: batch.merchantId,
      txns: batch.retrefs.map((retref) => {
        const transaction = this.find(retref, batch.merchantId);
        const amount = transaction?.amountMinor ?? 0;
        return {
          setlamount: replyAmount(transaction?.kind === 'refund' ? -amount : amount),
          setlstat: 'Y',
          salesdoc: transaction?.orderId ?? '',
          retref,
          authcode: transaction?.authcode ?? '',
          cardtype:
            transaction?.brand === null || transaction === undefined
              ? ''
              : BRAND_CARD_TYPE[transaction.brand],
        };
      }),
    }));
  }
}

function entryMode(body: ReplyBody): string {
  if (typeof body.track === 'string') return 'Swipe(Non EMV)';
  const ecomind = text(body.ecomind);
  if (ecomind === 'E') return 'ECommerce';
  if (ecomind === 'T') return 'Moto';
  if (ecomind === 'R') return 'Recurring';
  return 'Keyed';
}
