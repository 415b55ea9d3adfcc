import { createStore } from 'zustand/vanilla';

import type { SessionStatus } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';

export type LoadPhase = 'loading' | 'ready' | 'failed';

export interface SessionState {
  /** Whether the first load from main has finished; screens wait for it. */
  phase: LoadPhase;
  loadError: ErrorInfo | null;
  status: SessionStatus | null;
  /** Unresolved payments on this lane, from `attention.changed`. */
  attentionCount: number;
}

export function createSessionStore() {
  return createStore<SessionState>()(() => ({
    phase: 'loading',
    loadError: null,
    status: null,
    attentionCount: 0,
  }));
}

export type SessionStore = ReturnType<typeof createSessionStore>;
