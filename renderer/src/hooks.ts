import { useEffect, useRef, useState, type RefObject } from 'react';

import { useAppStore } from './context';
import { formatDateTime } from './format';

/** Formats whole seconds as m:ss (or h:mm:ss past an hour). */
export function formatElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Seconds since `startedAt` (an ISO time from main), updated every second. */
export function useElapsedSeconds(startedAt: string): number {
  const started = Date.parse(startedAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return Number.isNaN(started) ? 0 : Math.floor((now - started) / 1000);
}

/** Moves keyboard focus to the element once, when the screen that owns it appears. */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

/** Calls `handler` for key presses anywhere on the page while the calling screen is shown. */
export function useWindowKey(handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => latest.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

/** Returns a formatter of ISO instants in the store's time zone once known, else the browser's. */
export function useDateTime(): (iso: string) => string {
  const zone = useAppStore('session', (state) => state.storeTimeZone);
  return (iso) => formatDateTime(iso, zone ?? undefined);
}
