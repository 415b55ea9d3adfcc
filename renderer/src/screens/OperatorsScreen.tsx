import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { OperatorRole, OperatorSummary } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { Dialog } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../context';
import { useDateTime, useFocusOnMount } from '../hooks';
import * as strings from '../strings';

const o = strings.operators;

function ResetPinDialog({
  operator,
  onDone,
  onClose,
}: {
  operator: OperatorSummary;
  onDone(message: string): void;
  onClose(): void;
}) {
  const { api, call } = useApp();
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4,8}$/.test(pin)) {
      setProblem(true);
      return;
    }
    const reply = await call(api.operators.resetPin({ id: operator.id, pin }));
    setPin('');
    if (reply.ok) onDone(o.resetDone(reply.value.name));
    else setError(reply.error);
  }

  return (
    <Dialog title={o.resetPin(operator.name)} onClose={onClose} testId="reset-pin-dialog">
      <form className="dialog__form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="reset-pin" className="field__label">
            {o.newPin}
          </label>
          <input
            id="reset-pin"
            className="text-field"
            data-testid="reset-pin-input"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={8}
            value={pin}
            aria-invalid={problem}
            aria-describedby="reset-pin-hint"
            onChange={(event) => {
              setPin(event.target.value.replace(/\D/g, ''));
              setProblem(false);
            }}
          />
          <p
            id="reset-pin-hint"
            className={problem ? 'field-hint field-hint--error' : 'field-hint'}
          >
            {strings.login.pinFormat}
          </p>
        </div>
        <ErrorNotice error={error} />
        <div className="screen__actions">
          <button type="submit" className="button button--primary" data-testid="reset-pin-submit">
            {strings.common.save}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {strings.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Operators: add, disable or enable, and reset a PIN. Main refuses to disable the last manager. */
export function OperatorsScreen() {
  const { api, call, actions } = useApp();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const formatDateTime = useDateTime();
  const [list, setList] = useState<OperatorSummary[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<OperatorRole>('cashier');
  const [pin, setPin] = useState('');
  const [problems, setProblems] = useState<{ name?: string; pin?: string }>({});
  const [resetting, setResetting] = useState<OperatorSummary | null>(null);

  const refresh = useCallback(async () => {
    const reply = await call(api.operators.list({}));
    if (reply.ok) setList(reply.value);
    else setError(reply.error);
  }, [api, call]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function create(event: FormEvent) {
    event.preventDefault();
    const found: { name?: string; pin?: string } = {};
    if (name.trim() === '') found.name = o.nameMissing;
    if (!/^\d{4,8}$/.test(pin)) found.pin = strings.login.pinFormat;
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setError(null);
    const reply = await call(api.operators.create({ name: name.trim(), role, pin }));
    setPin('');
    if (reply.ok) {
      setName('');
      setMessage(o.created(reply.value.name));
      await refresh();
    } else {
      setError(reply.error);
      setMessage(null);
    }
  }

  async function setDisabled(operator: OperatorSummary, disabled: boolean) {
    setError(null);
    setMessage(null);
    const reply = disabled
      ? await call(api.operators.disable({ id: operator.id }))
      : await call(api.operators.update({ id: operator.id, disabled: false }));
    if (!reply.ok) setError(reply.error);
    await refresh();
    await actions.loadOperators();
  }

  return (
    <section
      className="screen screen--wide"
      aria-labelledby="operators-heading"
      data-testid="screen-operators"
    >
      <h1 id="operators-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {o.heading}
      </h1>
      <ErrorNotice error={error} />
      {message !== null && (
        <p className="notice notice--success" role="status" data-testid="operators-message">
          <span aria-hidden="true">✓ </span>
          {message}
        </p>
      )}
      {list !== null && (
        <table className="table" data-testid="operators-table">
          <thead>
            <tr>
              <th scope="col">{o.columns.name}</th>
              <th scope="col">{o.columns.role}</th>
              <th scope="col">{o.columns.status}</th>
              <th scope="col">{o.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((operator) => (
              <tr key={operator.id} data-testid="operator-row">
                <th scope="row" className="table__name">
                  {operator.name}
                </th>
                <td>{strings.login.role[operator.role]}</td>
                <td>
                  {operator.disabled ? o.disabled : o.active}
                  {operator.lockedUntil !== null && (
                    <span className="table__note">
                      {o.lockedUntil(formatDateTime(operator.lockedUntil))}
                    </span>
                  )}
                  {operator.integrity === 'tampered' && (
                    <span className="table__note table__note--warning">{o.tampered}</span>
                  )}
                </td>
                <td>
                  <div className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      data-testid="operator-toggle"
                      aria-label={
                        operator.disabled ? o.enable(operator.name) : o.disable(operator.name)
                      }
                      onClick={() => void setDisabled(operator, !operator.disabled)}
                    >
                      {operator.disabled ? o.enableShort : o.disableShort}
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      data-testid="operator-reset"
                      aria-label={o.resetPin(operator.name)}
                      onClick={() => setResetting(operator)}
                    >
                      {o.resetPinShort}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="panel"
        onSubmit={(event) => void create(event)}
        noValidate
        aria-labelledby="create-heading"
      >
        <h2 id="create-heading" className="section__title">
          {o.create}
        </h2>
        <div className="settings__columns">
          <div className="field">
            <label htmlFor="operator-name" className="field__label">
              {o.name}
            </label>
            <input
              id="operator-name"
              className="text-field"
              data-testid="operator-name"
              autoComplete="off"
              maxLength={40}
              value={name}
              aria-invalid={problems.name !== undefined}
              aria-describedby={problems.name === undefined ? undefined : 'operator-name-hint'}
              onChange={(event) => setName(event.target.value)}
            />
            {problems.name !== undefined && (
              <p id="operator-name-hint" className="field-hint field-hint--error">
                {problems.name}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="operator-pin" className="field__label">
              {o.pin}
            </label>
            <input
              id="operator-pin"
              className="text-field"
              data-testid="operator-pin"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={8}
              value={pin}
              aria-invalid={problems.pin !== undefined}
              aria-describedby={problems.pin === undefined ? undefined : 'operator-pin-hint'}
              onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
            />
            {problems.pin !== undefined && (
              <p id="operator-pin-hint" className="field-hint field-hint--error">
                {problems.pin}
              </p>
            )}
          </div>
        </div>
        <fieldset className="choices choices--row">
          <legend className="field__label">{o.role}</legend>
          {(['cashier', 'manager'] as const).map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="operator-role"
                value={value}
                checked={role === value}
                onChange={() => setRole(value)}
              />
              <span>{strings.login.role[value]}</span>
            </label>
          ))}
        </fieldset>
        <div className="screen__actions">
          <button type="submit" className="button button--primary" data-testid="operator-create">
            {o.submit}
          </button>
        </div>
      </form>
      {resetting !== null && (
        <ResetPinDialog
          operator={resetting}
          onDone={(text) => {
            setResetting(null);
            setMessage(text);
            void refresh();
          }}
          onClose={() => setResetting(null)}
        />
      )}
    </section>
  );
}
