import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';

import type { AppState } from './app-state';

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (app === null) {
    throw new Error('renderer: useApp needs an AppContext provider above it.');
  }
  return app;
}

type Stores = AppState['stores'];
type StateOf<S> = S extends StoreApi<infer T> ? T : never;

/** Reads one store of the app state through a selector, re-rendering when the selection changes. */
export function useAppStore<K extends keyof Stores, R>(
  name: K,
  selector: (state: StateOf<Stores[K]>) => R,
): R {
  const store: StoreApi<StateOf<Stores[K]>> = useApp().stores[name] as never;
  return useStore<StoreApi<StateOf<Stores[K]>>, R>(store, selector);
}
