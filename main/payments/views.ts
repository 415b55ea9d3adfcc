import type { PaymentDetail, PaymentSummary } from '../../common/contract';
import type { PaymentQueries } from '../journal/payment-queries';
import type { PaymentJournal, PaymentRow } from '../journal/payments';
import { localActionsOf } from './adjustments';

/** States whose receipt can be printed: a final gateway answer. */
const RECEIPT_STATES = new Set([
  'approved',
  'declined',
  'voided',
  'partially_refunded',
  'refunded',
]);

/** EMV tags a receipt shows, as the terminal names them, with the receipt's label. */
export const RECEIPT_EMV_TAGS: readonly (readonly [string, string])[] = [
  ['Application Label', 'Application'],
  ['AID', 'AID'],
  ['TVR', 'TVR'],
  ['TSI', 'TSI'],
  ['Mode', 'Mode'],
  ['PIN', 'PIN'],
];

export function toSummary(row: PaymentRow): PaymentSummary {
  return {
    paymentId: row.id,
    orderId: row.orderId,
    kind: row.kind,
    parentId: row.parentId,
    state: row.state,
    amountMinor: row.amountMinor,
    approvedMinor: row.approvedMinor,
    currency: row.currency,
    card: { brand: row.cardBrand, last4: row.cardLast4, entryMode: row.entryMode },
    authCode: row.authCode,
    retref: row.retref,
    respCode: row.respCode,
    respText: row.respText,
    laneId: row.laneId,
    operatorId: row.operatorId,
    operatorName: row.operatorName,
    reference: row.reference,
    attention: row.attention,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** EMV tags stored with an approval, limited to the ones receipts and the detail screen show. */
export function emvOf(row: PaymentRow): Record<string, string> {
  if (row.emvJson === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.emvJson);
  } catch {
    return {};
  }
  const tags = (parsed as { emvTags?: unknown } | null)?.emvTags;
  if (typeof tags !== 'object' || tags === null) return {};
  const result: Record<string, string> = {};
  for (const [name] of RECEIPT_EMV_TAGS) {
    const value = (tags as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 64) result[name] = value;
  }
  return result;
}

export function canPrintReceipt(row: PaymentRow): boolean {
  if (row.kind === 'sale') return RECEIPT_STATES.has(row.state);
  return row.state === 'approved' || row.state === 'declined';
}

/** A payment with its voids, refunds, history, audit entries and next actions. */
export function buildDetail(
  journal: PaymentJournal,
  queries: PaymentQueries,
  paymentId: number,
): PaymentDetail {
  const row = journal.require(paymentId);
  const children = row.kind === 'sale' ? journal.children(row.id) : [];
  const ids = [row.id, ...children.map((child) => child.id)];
  const history = ids
    .flatMap((id) => journal.history(id).map((event) => ({ paymentId: id, ...event })))
    .sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0));
  const audit = queries.auditFor(ids).map((entry) => ({
    at: entry.at,
    action: entry.action,
    operatorName: entry.operatorName,
    detail: entry.detail,
  }));
  const local = localActionsOf(journal, row);
  return {
    payment: toSummary(row),
    children: children.map(toSummary),
    history,
    audit,
    emv: emvOf(row),
    actions: { ...local, canReprint: canPrintReceipt(row) },
  };
}
