import type { CardlaneApi } from '../../../common/bridge';
import {
  acceptTyped,
  applyKey,
  checkAmount,
  normalizePasted,
  removeLastCharacter,
  type EntryKey,
} from '../amount-entry';
import type { Call, Stores } from '../app-state';
import { applyReply, canCancel, isRunning } from '../stores/sale';
import * as strings from '../strings';

/** Amount entry and the sale's lifecycle: charge, cancel, dismiss. */
export function createSaleActions(api: CardlaneApi, stores: Stores, call: Call) {
  const { sale, entry } = stores;

  /** Takes new entry text, or keeps the old text and shows `rejectedMessage` when it is null. */
  function setEntryText(next: string | null, rejectedMessage: string): void {
    if (next === null) {
      entry.setState({ message: rejectedMessage });
      return;
    }
    entry.setState({ text: next, message: null });
    sale.setState({ error: null });
  }

  /** Takes main's view of the open sale after a rejected request (e.g. another sale is open). */
  async function refreshSale(): Promise<void> {
    const current = await call(api.sale.current({}));
    if (current.ok) {
      sale.setState((state) => applyReply(state, current.value));
    }
  }

  return {
    pressKey(key: EntryKey): void {
      const text = entry.getState().text;
      const rejected =
        text.includes('.') && key !== '.'
          ? strings.amount.tooManyDecimals
          : strings.amount.notAccepted;
      setEntryText(applyKey(text, key), rejected);
    },

    backspace(): void {
      entry.setState((state) => ({ text: removeLastCharacter(state.text), message: null }));
    },

    clear(): void {
      entry.setState({ text: '', message: null });
    },

    /** Takes what the browser put into the amount field, if it is still a valid amount prefix. */
    type(text: string): void {
      const current = entry.getState().text;
      const rejected = /\.\d{2}$/.test(current)
        ? strings.amount.tooManyDecimals
        : strings.amount.notAccepted;
      setEntryText(acceptTyped(text), rejected);
    },

    paste(raw: string): void {
      setEntryText(normalizePasted(raw), strings.amount.pasteInvalid(raw.trim().slice(0, 40)));
    },

    /** Starts a sale for the entered amount. A press while a start is in flight does nothing. */
    async charge(): Promise<void> {
      const state = sale.getState();
      if (state.starting || state.sale !== null) {
        return;
      }
      const checked = checkAmount(
        entry.getState().text,
        stores.session.getState().status?.maxSaleMinor,
      );
      if (!checked.ok) {
        entry.setState({ message: checked.message });
        return;
      }

      sale.setState({ starting: true, error: null });
      const reply = await call(api.sale.start({ amountMinor: checked.minor }));
      if (reply.ok) {
        entry.setState({ text: '', message: null });
        sale.setState((current) => ({ ...applyReply(current, reply.value), starting: false }));
      } else {
        sale.setState({ starting: false, error: reply.error });
        await refreshSale();
      }
    },

    async cancel(): Promise<void> {
      const state = sale.getState();
      if (state.sale === null || !canCancel(state.sale.stage) || state.cancelRequested) {
        return;
      }
      sale.setState({ cancelRequested: true, error: null });
      const reply = await call(api.sale.cancel({}));
      if (reply.ok) {
        sale.setState((current) => applyReply(current, reply.value));
      } else {
        sale.setState({ cancelRequested: false, error: reply.error });
      }
    },

    /** Clears a finished sale so the lane shows amount entry again. */
    async dismiss(): Promise<void> {
      const state = sale.getState();
      if (state.sale === null || isRunning(state.sale.stage) || state.dismissing) {
        return;
      }
      const paymentId = state.sale.paymentId;
      sale.setState({ dismissing: true, error: null });
      const reply = await call(api.sale.dismiss({}));
      if (reply.ok) {
        sale.setState((current) => ({
          sale: null,
          prompt: null,
          dismissing: false,
          cancelRequested: false,
          dismissedIds: new Set([...current.dismissedIds, paymentId]),
        }));
      } else {
        sale.setState({ dismissing: false, error: reply.error });
      }
    },
  };
}
