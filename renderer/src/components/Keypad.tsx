import type { MouseEvent } from 'react';

import * as strings from '../strings';

// Keeps focus in the field when a key is pressed with a pointer, so typing goes on working.
function keepFocus(event: MouseEvent) {
  event.preventDefault();
}

export interface KeypadProps<K extends string> {
  /** Keys in reading order, three a row. */
  keys: readonly K[];
  /** Accessible names for keys whose face is not a word, e.g. "." → "Decimal point". */
  keyLabels?: Partial<Record<K, string>>;
  label: string;
  onKey(key: K): void;
  onBackspace(): void;
  onClear(): void;
}

/**
 * Renders an on-screen keypad. Its keys duplicate what the keyboard does in the field beside it, so they
 * stay out of the tab order and keyboard users are not walked through twelve keys.
 */
export function Keypad<K extends string>({
  keys,
  keyLabels,
  label,
  onKey,
  onBackspace,
  onClear,
}: KeypadProps<K>) {
  return (
    <div className="keypad" role="group" aria-label={label}>
      {keys.map((key) => (
        <button
          key={key}
          type="button"
          className="keypad__key"
          tabIndex={-1}
          aria-label={keyLabels?.[key]}
          data-key={key}
          onMouseDown={keepFocus}
          onClick={() => onKey(key)}
        >
          {key}
        </button>
      ))}
      <button
        type="button"
        className="keypad__key keypad__key--action"
        tabIndex={-1}
        data-key="clear"
        onMouseDown={keepFocus}
        onClick={onClear}
      >
        {strings.amount.clear}
      </button>
      <button
        type="button"
        // The backspace key fills the last row: two columns after Clear when the keys fill their rows.
        className={`keypad__key keypad__key--action${keys.length % 3 === 0 ? ' keypad__key--wide' : ''}`}
        tabIndex={-1}
        aria-label={strings.amount.backspace}
        data-key="backspace"
        onMouseDown={keepFocus}
        onClick={onBackspace}
      >
        <span aria-hidden="true">⌫</span>
      </button>
    </div>
  );
}
