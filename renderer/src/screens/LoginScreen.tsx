import type { ChangeEvent, FormEvent } from 'react';

import type { LoginOperator } from '../../../common/contract';
import { Keypad } from '../components/Keypad';
import { useApp, useAppStore } from '../context';
import { useFocusOnMount } from '../hooks';
import * as strings from '../strings';

const PIN_KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0'] as const;

function OperatorTiles({ operators }: { operators: LoginOperator[] }) {
  const { actions } = useApp();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      <h1
        id="login-heading"
        className="screen__title"
        ref={headingRef}
        tabIndex={-1}
        // Element Timing: the benchmark reads when the login screen's heading was first painted.
        {...{ elementtiming: 'login-screen' }}
      >
        {strings.login.chooseOperator}
      </h1>
      {operators.length === 0 ? (
        <p>{strings.login.noOperators}</p>
      ) : (
        <ul className="tiles" data-testid="operator-tiles">
          {operators.map((operator) => (
            <li key={operator.id}>
              <button
                type="button"
                className="tile"
                data-testid="operator-tile"
                onClick={() => actions.selectOperator(operator.id)}
              >
                <span className="tile__name">{operator.name}</span>
                <span className="tile__role">{strings.login.role[operator.role]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function PinForm({ operator }: { operator: LoginOperator }) {
  const { actions } = useApp();
  const pin = useAppStore('login', (state) => state.pin);
  const busy = useAppStore('login', (state) => state.busy);
  const message = useAppStore('login', (state) => state.message);
  const inputRef = useFocusOnMount<HTMLInputElement>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void actions.login();
  }

  return (
    <form className="pin-form" onSubmit={onSubmit} noValidate>
      <div className="pin-form__entry">
        <h1 id="login-heading" className="screen__title">
          {strings.login.pinHeading(operator.name)}
        </h1>
        <label htmlFor="pin-input" className="amount-form__label">
          {strings.login.pinLabel}
        </label>
        <input
          ref={inputRef}
          id="pin-input"
          className="pin-field"
          data-testid="pin-input"
          type="password"
          inputMode="none"
          autoComplete="off"
          value={pin}
          aria-invalid={message !== null}
          aria-describedby="pin-message"
          readOnly={busy}
          onChange={(event: ChangeEvent<HTMLInputElement>) => actions.setPin(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              actions.selectOperator(null);
            }
          }}
        />
        <p
          id="pin-message"
          className={message === null ? 'field-hint' : 'field-hint field-hint--error'}
          data-testid="pin-message"
        >
          {message ?? strings.login.pinHint}
        </p>
        <div className="screen__actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="login-submit"
            aria-disabled={busy}
          >
            {busy ? strings.login.submitting : strings.login.submit}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => actions.selectOperator(null)}
          >
            {strings.login.back}
          </button>
        </div>
      </div>
      <Keypad
        keys={PIN_KEYS}
        label={strings.login.pinKeypadLabel}
        onKey={actions.pinKey}
        onBackspace={actions.pinBackspace}
        onClear={() => actions.setPin('')}
      />
    </form>
  );
}

/** Renders operator login: a tile per active operator, then the PIN with keypad and keyboard. */
export function LoginScreen() {
  const operators = useAppStore('login', (state) => state.operators);
  const selectedId = useAppStore('login', (state) => state.selectedId);
  const message = useAppStore('login', (state) => state.message);
  const selected = operators?.find((operator) => operator.id === selectedId) ?? null;

  return (
    <section
      className="screen screen--login"
      aria-labelledby="login-heading"
      data-testid="screen-login"
    >
      {selected !== null ? (
        <PinForm key={selected.id} operator={selected} />
      ) : (
        <>
          <OperatorTiles operators={operators ?? []} />
          {message !== null && <p className="notice notice--error">{message}</p>}
        </>
      )}
    </section>
  );
}
