import { createStore } from 'zustand/vanilla';

import type { SessionStatus, SettingsView } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';

export type LoadPhase = 'loading' | 'ready' | 'failed';

export interface SessionState {
  /** Whether the first load from main has finished; screens wait for it. */
  phase: LoadPhase;
  loadError: ErrorInfo | null;
  status: SessionStatus | null;
  /** Unresolved payments on this lane, from `attention.changed`. */
  attentionCount: number;
  /**
   * The settings a manager must confirm because the environment, site or merchant id were changed
   * in the settings file outside Cardlane; null when nothing waits for confirmation.
   */
  unconfirmedSettings: SettingsView | null;
  /** The store's IANA time zone from settings; null until a manager's settings were read. */
  storeTimeZone: string | null;
}

export function createSessionStore() {
  return createStore<SessionState>()(() => ({
    phase: 'loading',
    loadError: null,
    status: null,
    attentionCount: 0,
    unconfirmedSettings: null,
    storeTimeZone: null,
  }));
}

export type SessionStore = ReturnType<typeof createSessionStore>;
