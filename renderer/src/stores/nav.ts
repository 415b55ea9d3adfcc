import { createStore } from 'zustand/vanilla';

/** The screens an operator can open from the navigation bar, plus a payment's detail. */
export type View =
  'sale' | 'journal' | 'payment' | 'attention' | 'report' | 'settings' | 'operators';

export interface NavState {
  view: View;
  /** The payment the detail screen shows; null on every other screen. */
  paymentId: number | null;
  /** The screen that Back on the payment detail returns to. */
  returnTo: View;
}

export function createNavStore() {
  return createStore<NavState>()(() => ({ view: 'sale', paymentId: null, returnTo: 'journal' }));
}

export type NavStore = ReturnType<typeof createNavStore>;

/** Views only a manager may open; main enforces the same through the channels' roles. */
export const MANAGER_VIEWS: ReadonlySet<View> = new Set(['report', 'settings', 'operators']);
