import { describe, expect, test } from 'vitest';

import type { SaleProgress, SaleStage } from '../../common/contract';
import {
  applyProgressEvent,
  applyReply,
  createSaleStore,
  type SaleState,
} from '../../renderer/src/stores/sale';

function progress(paymentId: number, stage: SaleStage, prompt: string | null = null): SaleProgress {
  return {
    paymentId,
    orderId: `CL${paymentId}`,
    amountMinor: 1234,
    currency: 'USD',
    stage,
    prompt,
    startedAt: '2026-01-01T00:00:00.000Z',
    result: null,
    notice: null,
  };
}

function stateWith(changes: Partial<SaleState>): SaleState {
  return { ...createSaleStore().getState(), ...changes };
}

describe('sale store', () => {
  test('event replaces the sale in order', () => {
    const state = stateWith({ sale: progress(1, 'in_payment', 'INSERT CARD') });
    const next = applyProgressEvent(state, progress(1, 'approved'));
    expect(next.sale?.stage).toBe('approved');
  });

  test('event without prompt keeps the last prompt', () => {
    const state = stateWith({ sale: progress(1, 'in_payment'), prompt: 'ENTER PIN' });
    expect(applyProgressEvent(state, progress(1, 'in_payment')).prompt).toBe('ENTER PIN');
  });

  test('event of a dismissed sale is ignored', () => {
    const state = stateWith({ sale: null, dismissedIds: new Set([1]) });
    expect(applyProgressEvent(state, progress(1, 'approved'))).toEqual({});
  });

  test('stale start reply does not undo an event', () => {
    const state = stateWith({ sale: progress(1, 'approved') });
    expect(applyReply(state, progress(1, 'starting'))).toEqual({});
  });

  test('reply further along replaces the sale', () => {
    const state = stateWith({ sale: progress(1, 'in_payment') });
    expect(applyReply(state, progress(1, 'cancelled')).sale?.stage).toBe('cancelled');
  });

  test('reply of a new sale is taken', () => {
    const state = stateWith({ sale: null });
    expect(applyReply(state, progress(2, 'starting')).sale?.paymentId).toBe(2);
  });

  test('null reply changes nothing', () => {
    const state = stateWith({ sale: progress(1, 'in_payment') });
    expect(applyReply(state, null)).toEqual({});
  });
});
