import type { ReceiptModel } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import { formatAmount } from '../../common/money';
import type { PaymentRow } from '../journal/payments';
import { formatLocalDateTime } from '../payments/local-day';
import { canPrintReceipt, emvOf, RECEIPT_EMV_TAGS } from '../payments/views';

export interface ReceiptSettings {
  receiptHeader: readonly string[];
  receiptFooter: readonly string[];
  timeZone: string;
}

/** Masks a card for print: the brand and the last four digits, e.g. "VISA •••• 1111". */
export function maskedCard(brand: string | null, last4: string | null): string | null {
  if (last4 === null) return null;
  return `${brand === null ? '' : `${brand.toUpperCase()} `}•••• ${last4}`;
}

/**
 * Builds a receipt from the journal alone: no terminal or gateway data that the journal does not
 * hold. A sale whose outcome is open has no receipt, so an unconfirmed approval can never be
 * handed to a customer as approved.
 */
export function buildReceiptModel(
  row: PaymentRow,
  sale: PaymentRow | null,
  settings: ReceiptSettings,
  copy: boolean,
): ReceiptModel {
  if (!canPrintReceipt(row)) {
    throw new CardlaneError(
      'invalid_input',
      `Payment ${row.id} is ${row.state}; a receipt is printed only once the gateway has answered.`,
    );
  }
  const approved = row.approvedMinor ?? 0;
  const declined = row.state === 'declined';
  const partial = row.kind === 'sale' && !declined && approved < row.amountMinor;
  const status = declined
    ? 'DECLINED'
    : row.kind === 'sale' && row.state === 'voided'
      ? 'VOIDED'
      : 'APPROVED';
  const title = `${row.kind.toUpperCase()} ${status}`;
  const emvSource = row.kind === 'sale' ? row : (sale ?? row);
  const emv = emvOf(emvSource);
  const amountMinor = declined
    ? row.amountMinor
    : row.kind === 'sale'
      ? approved
      : (row.approvedMinor ?? row.amountMinor);

  return {
    paymentId: row.id,
    kind: row.kind,
    title,
    header: [...settings.receiptHeader],
    footer: [...settings.receiptFooter],
    merchantId: `••••${row.merchantId.slice(-4)}`,
    laneId: row.laneId,
    dateTime: formatLocalDateTime(settings.timeZone, Date.parse(row.createdAt)),
    card: maskedCard(row.cardBrand, row.cardLast4),
    entryMode: row.entryMode,
    authCode: row.authCode,
    retref: row.retref,
    orderId: row.orderId,
    emv: RECEIPT_EMV_TAGS.filter(([name]) => emv[name] !== undefined).map(([name, label]) => ({
      label,
      value: emv[name] ?? '',
    })),
    amountMinor,
    amountText: row.kind === 'refund' ? `-${formatAmount(amountMinor)}` : formatAmount(amountMinor),
    requestedText: partial ? formatAmount(row.amountMinor) : null,
    dueText: partial ? formatAmount(row.amountMinor - approved) : null,
    partialApproval: partial,
    copy,
    operatorName: row.operatorName,
  };
}
