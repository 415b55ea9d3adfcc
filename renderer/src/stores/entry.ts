import { createStore } from 'zustand/vanilla';

export interface EntryState {
  /** The amount as typed, e.g. "12.3"; see amount-entry.ts. */
  text: string;
  /** Why the last key or the Charge press was not accepted; null when all is well. */
  message: string | null;
}

export function createEntryStore() {
  return createStore<EntryState>()(() => ({ text: '', message: null }));
}

export type EntryStore = ReturnType<typeof createEntryStore>;
