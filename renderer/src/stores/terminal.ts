import { createStore } from 'zustand/vanilla';

import type { TerminalStatus } from '../../../common/contract';

export interface TerminalStoreState {
  /** The last status main reported; null until the first `terminal.status` answer or event. */
  status: TerminalStatus | null;
}

export function createTerminalStore() {
  return createStore<TerminalStoreState>()(() => ({ status: null }));
}

export type TerminalStore = ReturnType<typeof createTerminalStore>;
