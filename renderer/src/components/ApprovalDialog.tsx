import { useEffect, useState, type FormEvent } from 'react';

import type { ApprovalAction, ApprovalGrant, LoginOperator } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { formatAmount } from '../../../common/money';
import { PIN_MAX_DIGITS } from '../actions/session';
import { useApp } from '../context';
import * as strings from '../strings';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';
import { Keypad } from './Keypad';

const PIN_KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0'] as const;
const PIN_PATTERN = /^\d{4,8}$/;

export interface ApprovalRequest {
  action: ApprovalAction;
  paymentId: number;
  amountMinor: number;
}

/**
 * A manager approves one void, refund or lane override at the register: they pick themselves and
 * type their PIN; main returns a one-time approval bound to the action, the payment and the amount.
 * The PIN stays in this dialog's state only and is cleared after every attempt.
 */
export function ApprovalDialog({
  request,
  onApproved,
  onClose,
}: {
  request: ApprovalRequest;
  onApproved(grant: ApprovalGrant): void;
  onClose(): void;
}) {
  const { api, call } = useApp();
  const [managers, setManagers] = useState<LoginOperator[] | null>(null);
  const [managerId, setManagerId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [formatProblem, setFormatProblem] = useState(false);

  useEffect(() => {
    let live = true;
    void call(api.session.listOperators({})).then((reply) => {
      if (!live) return;
      const list = reply.ok ? reply.value.filter((operator) => operator.role === 'manager') : [];
      setManagers(list);
      setManagerId((current) => current ?? list[0]?.id ?? null);
      if (!reply.ok) setError(reply.error);
    });
    return () => {
      live = false;
    };
  }, [api, call]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy || managerId === null) return;
    if (!PIN_PATTERN.test(pin)) {
      setFormatProblem(true);
      return;
    }
    setBusy(true);
    setError(null);
    setFormatProblem(false);
    const reply = await call(
      api.approval.request({
        managerId,
        pin,
        action: request.action,
        paymentId: request.paymentId,
        amountMinor: request.amountMinor,
      }),
    );
    setPin('');
    setBusy(false);
    if (reply.ok) {
      onApproved(reply.value);
    } else {
      setError(reply.error);
    }
  }

  const actionText =
    request.action === 'override' ? strings.attention.override : strings.kind[request.action];
  return (
    <Dialog
      title={strings.approval.heading[request.action]}
      onClose={onClose}
      testId="approval-dialog"
      initialFocus="#approval-pin"
    >
      <form className="dialog__form" onSubmit={(event) => void onSubmit(event)} noValidate>
        {request.action !== 'override' && (
          <p className="dialog__summary" data-testid="approval-summary">
            {strings.approval.summary(actionText, formatAmount(request.amountMinor))}
          </p>
        )}
        {managers !== null && managers.length === 0 && (
          <p className="notice notice--error">{strings.approval.noManagers}</p>
        )}
        {managers !== null && managers.length > 0 && (
          <fieldset className="choices">
            <legend className="field__label">{strings.approval.chooseManager}</legend>
            {managers.map((manager) => (
              <label key={manager.id} className="choice">
                <input
                  type="radio"
                  name="approval-manager"
                  value={manager.id}
                  checked={managerId === manager.id}
                  onChange={() => setManagerId(manager.id)}
                />
                <span>{manager.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="dialog__pin">
          <div className="field">
            <label htmlFor="approval-pin" className="field__label">
              {strings.approval.pin}
            </label>
            <input
              id="approval-pin"
              className="pin-field"
              data-testid="approval-pin"
              type="password"
              inputMode="none"
              autoComplete="off"
              value={pin}
              aria-invalid={formatProblem}
              aria-describedby="approval-pin-hint"
              readOnly={busy}
              onChange={(event) =>
                setPin(event.target.value.replace(/\D/g, '').slice(0, PIN_MAX_DIGITS))
              }
            />
            <p
              id="approval-pin-hint"
              className={formatProblem ? 'field-hint field-hint--error' : 'field-hint'}
            >
              {formatProblem ? strings.login.pinFormat : strings.approval.pinHint}
            </p>
          </div>
          <Keypad
            keys={PIN_KEYS}
            label={strings.login.pinKeypadLabel}
            onKey={(digit) =>
              setPin((current) => (current.length >= PIN_MAX_DIGITS ? current : current + digit))
            }
            onBackspace={() => setPin((current) => current.slice(0, -1))}
            onClear={() => setPin('')}
          />
        </div>
        <ErrorNotice error={error} />
        <div className="screen__actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="approval-submit"
            aria-disabled={busy || managerId === null}
          >
            {busy ? strings.approval.submitting : strings.approval.submit}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {strings.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
