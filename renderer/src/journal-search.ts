/**
 * The journal's search box: which field it searches and how its text becomes a filter of
 * `payments.search`. Amounts become integer minor units through the amount entry's parser.
 */
import type { PaymentSearchInput } from '../../common/contract';
import { checkAmount, normalizePasted } from './amount-entry';
import * as strings from './strings';

export type SearchField = keyof typeof strings.journal.searchFields;
export const SEARCH_FIELDS: readonly SearchField[] = ['last4', 'amount', 'orderId', 'retref'];

/** Turns the search box into the search's filter, or a message when the text cannot be one. */
export function searchFilter(
  field: SearchField,
  text: string,
): { ok: true; filter: Partial<PaymentSearchInput> } | { ok: false; message: string } {
  const value = text.trim();
  if (value === '') return { ok: true, filter: {} };
  switch (field) {
    case 'last4':
      return /^\d{4}$/.test(value)
        ? { ok: true, filter: { last4: value } }
        : { ok: false, message: strings.journal.searchInvalid.last4 };
    case 'amount': {
      const entry = normalizePasted(value);
      const checked = entry === null ? null : checkAmount(entry, Number.MAX_SAFE_INTEGER);
      return checked?.ok === true
        ? { ok: true, filter: { amountMinor: checked.minor } }
        : { ok: false, message: strings.journal.searchInvalid.amount };
    }
    case 'orderId':
      return /^[A-Za-z0-9]{1,19}$/.test(value)
        ? { ok: true, filter: { orderId: value.toUpperCase() } }
        : { ok: false, message: strings.journal.searchInvalid.orderId };
    case 'retref':
      return /^[A-Za-z0-9]{1,32}$/.test(value)
        ? { ok: true, filter: { retref: value } }
        : { ok: false, message: strings.journal.searchInvalid.retref };
  }
}
