import type { ChangeEvent, ClipboardEvent, FormEvent, KeyboardEvent } from 'react';

import { checkAmount, type EntryKey } from '../amount-entry';
import { ErrorNotice } from '../components/ErrorNotice';
import { Keypad } from '../components/Keypad';
import { useApp, useAppStore } from '../context';
import { useFocusOnMount } from '../hooks';
import * as strings from '../strings';

const AMOUNT_KEYS: readonly EntryKey[] = [
  '7',
  '8',
  '9',
  '4',
  '5',
  '6',
  '1',
  '2',
  '3',
  '00',
  '0',
  '.',
];
const AMOUNT_KEY_LABELS: Partial<Record<EntryKey, string>> = {
  '.': strings.amount.decimalPoint,
};

export function AmountScreen() {
  const { actions } = useApp();
  const text = useAppStore('entry', (state) => state.text);
  const message = useAppStore('entry', (state) => state.message);
  const starting = useAppStore('sale', (state) => state.starting);
  const error = useAppStore('sale', (state) => state.error);
  const maxSaleMinor = useAppStore('session', (state) => state.status?.maxSaleMinor);
  const inputRef = useFocusOnMount<HTMLInputElement>();

  const checked = checkAmount(text, maxSaleMinor);
  const chargeLabel = starting
    ? strings.amount.starting
    : checked.ok
      ? strings.amount.charge(checked.formatted)
      : strings.amount.chargeEmpty;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void actions.charge();
  }

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    actions.type(event.target.value);
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    event.preventDefault();
    actions.paste(event.clipboardData.getData('text/plain'));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      actions.clear();
    }
  }

  const messageId = 'amount-message';
  return (
    <section className="screen screen--amount" aria-labelledby="amount-heading">
      <h1 id="amount-heading" className="screen__title">
        {strings.amount.heading}
      </h1>
      <form className="amount-form" onSubmit={onSubmit} noValidate>
        <div className="amount-form__entry">
          <label htmlFor="amount-input" className="amount-form__label">
            {strings.amount.label}
          </label>
          <div className={`amount-field${message !== null ? ' amount-field--invalid' : ''}`}>
            <span className="amount-field__symbol" aria-hidden="true">
              $
            </span>
            <input
              ref={inputRef}
              id="amount-input"
              className="amount-field__input"
              data-testid="amount-input"
              type="text"
              inputMode="none"
              autoComplete="off"
              spellCheck={false}
              placeholder={strings.amount.placeholder}
              value={text}
              aria-invalid={message !== null}
              aria-describedby={messageId}
              readOnly={starting}
              onChange={onChange}
              onPaste={onPaste}
              onKeyDown={onKeyDown}
            />
          </div>
          <p id={messageId} className="amount-form__message" data-testid="amount-message">
            {message ?? strings.amount.hint}
          </p>
          <ErrorNotice error={error} />
          {error?.code === 'lane_blocked' && (
            <button
              type="button"
              className="button button--secondary"
              data-testid="open-attention"
              onClick={() => actions.navigate('attention')}
            >
              {strings.nav.attention}
            </button>
          )}
          <button
            type="submit"
            className="button button--primary button--charge"
            data-testid="charge"
            aria-disabled={starting}
            aria-busy={starting}
          >
            {chargeLabel}
          </button>
        </div>
        <Keypad
          keys={AMOUNT_KEYS}
          keyLabels={AMOUNT_KEY_LABELS}
          label={strings.amount.keypadLabel}
          onKey={actions.pressKey}
          onBackspace={actions.backspace}
          onClear={actions.clear}
        />
      </form>
    </section>
  );
}
