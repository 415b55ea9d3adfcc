import { createStore } from 'zustand/vanilla';

import type { LoginOperator } from '../../../common/contract';

export interface LoginState {
  /** Active operators offered on the login tiles; null until loaded. */
  operators: LoginOperator[] | null;
  selectedId: number | null;
  /** The PIN being typed; cleared after every attempt and never kept elsewhere. */
  pin: string;
  busy: boolean;
  /** Why the last attempt failed, in words for the operator. */
  message: string | null;
}

export function createLoginStore() {
  return createStore<LoginState>()(() => ({
    operators: null,
    selectedId: null,
    pin: '',
    busy: false,
    message: null,
  }));
}

export type LoginStore = ReturnType<typeof createLoginStore>;
