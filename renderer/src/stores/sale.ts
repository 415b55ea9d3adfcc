import { createStore } from 'zustand/vanilla';

import type { SaleProgress, SaleStage } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';

/** Stages in which the sale is still running; every other stage is a result to show. */
const RUNNING_STAGES: ReadonlySet<SaleStage> = new Set([
  'starting',
  'in_payment',
  'cancelling',
  'confirming',
]);

export function isRunning(stage: SaleStage): boolean {
  return RUNNING_STAGES.has(stage);
}

/** Cancel is offered only before the card is read; once confirming, money may have moved. */
export function canCancel(stage: SaleStage): boolean {
  return stage === 'starting' || stage === 'in_payment';
}

export interface SaleState {
  /** The lane's open or finished sale as main last reported it; null on the amount screen. */
  sale: SaleProgress | null;
  /** The terminal's latest prompt text during this sale (INSERT CARD, ENTER PIN …). */
  prompt: string | null;
  /** True from the Charge press until main answers; a second press is ignored meanwhile. */
  starting: boolean;
  cancelRequested: boolean;
  dismissing: boolean;
  /** The last refused request, shown on the current screen. */
  error: ErrorInfo | null;
  /** Sales this renderer dismissed; late events about them must not bring them back. */
  dismissedIds: ReadonlySet<number>;
}

export function createSaleStore() {
  return createStore<SaleState>()(() => ({
    sale: null,
    prompt: null,
    starting: false,
    cancelRequested: false,
    dismissing: false,
    error: null,
    dismissedIds: new Set<number>(),
  }));
}

export type SaleStore = ReturnType<typeof createSaleStore>;

/**
 * Applies a `sale.progress` event. Events arrive in the order main sends them, so the newest one
 * wins, except for a sale this renderer has already dismissed.
 */
export function applyProgressEvent(state: SaleState, event: SaleProgress): Partial<SaleState> {
  if (state.dismissedIds.has(event.paymentId)) {
    return {};
  }
  const isNewSale = state.sale?.paymentId !== event.paymentId;
  return {
    sale: event,
    prompt: event.prompt ?? (isNewSale ? null : state.prompt),
    cancelRequested: isNewSale ? false : state.cancelRequested && isRunning(event.stage),
  };
}

/** How far a sale has come; results rank above every running stage. */
function stageRank(stage: SaleStage): number {
  switch (stage) {
    case 'starting':
      return 0;
    case 'in_payment':
      return 1;
    case 'cancelling':
      return 2;
    case 'confirming':
      return 3;
    default:
      return 4;
  }
}

/**
 * Applies the progress a request returned (sale.start, sale.cancel, sale.current). An event about
 * the same payment may have overtaken the reply, so the reply replaces it only when the reply's
 * stage is further along.
 */
export function applyReply(state: SaleState, reply: SaleProgress | null): Partial<SaleState> {
  if (reply === null || state.dismissedIds.has(reply.paymentId)) {
    return {};
  }
  const current = state.sale;
  if (current === null || current.paymentId !== reply.paymentId) {
    return { sale: reply, prompt: reply.prompt, cancelRequested: false };
  }
  if (stageRank(reply.stage) > stageRank(current.stage)) {
    return { sale: reply, prompt: reply.prompt ?? state.prompt };
  }
  return {};
}
