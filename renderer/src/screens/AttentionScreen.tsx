import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { ApprovalGrant, AttentionItem, AttentionResolution } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { ApprovalDialog } from '../components/ApprovalDialog';
import { Dialog } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp, useAppStore } from '../context';
import { formatAmount } from '../format';
import { useDateTime, useFocusOnMount } from '../hooks';
import * as strings from '../strings';

type Pending =
  | { kind: 'resolve'; item: AttentionItem; resolution: AttentionResolution }
  | { kind: 'override'; item: AttentionItem }
  | { kind: 'approve-override'; item: AttentionItem; reason: string };

/** Needs attention: payments whose outcome is open, with what is known and what to do. */
export function AttentionScreen() {
  const { api, call, actions } = useApp();
  const isManager = useAppStore('session', (state) => state.status?.operator?.role === 'manager');
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const formatDateTime = useDateTime();
  const [items, setItems] = useState<AttentionItem[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);

  const refresh = useCallback(async () => {
    const reply = await call(api.attention.list({}));
    if (reply.ok) {
      setItems(reply.value);
    } else {
      setError(reply.error);
      setItems([]);
    }
  }, [api, call]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function recover() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    const reply = await call(api.payments.recover({}));
    setBusy(false);
    if (reply.ok) {
      setMessage(
        strings.attention.recovered(
          reply.value.checked,
          reply.value.resolved,
          reply.value.attention,
        ),
      );
    } else {
      setError(reply.error);
    }
    await refresh();
    await actions.refreshManagerFacts();
  }

  async function resolve(item: AttentionItem, resolution: AttentionResolution, reason?: string) {
    setPending(null);
    setBusy(true);
    setError(null);
    setMessage(null);
    const reply = await call(
      api.payments.resolve({
        paymentId: item.payment.paymentId,
        resolution,
        ...(reason === undefined ? {} : { reason }),
      }),
    );
    setBusy(false);
    if (reply.ok) setMessage(strings.attention.resolved);
    else setError(reply.error);
    await refresh();
    await actions.refreshManagerFacts();
  }

  async function override(item: AttentionItem, reason: string, grant: ApprovalGrant | null) {
    setPending(null);
    setBusy(true);
    setError(null);
    const reply = await call(
      api.attention.overrideLane({
        paymentId: item.payment.paymentId,
        reason,
        ...(grant === null ? {} : { approvalId: grant.approvalId }),
      }),
    );
    setBusy(false);
    if (reply.ok) {
      setItems(reply.value);
      setMessage(strings.attention.resolved);
    } else {
      setError(reply.error);
    }
  }

  return (
    <section
      className="screen screen--wide"
      aria-labelledby="attention-heading"
      data-testid="screen-attention"
    >
      <div className="screen__top">
        <h1 id="attention-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
          {strings.attention.heading}
        </h1>
        {isManager && (
          <button
            type="button"
            className="button button--secondary"
            data-testid="recover"
            aria-disabled={busy}
            onClick={() => void recover()}
          >
            {busy ? strings.attention.recovering : strings.attention.recover}
          </button>
        )}
      </div>
      <p>{strings.attention.intro}</p>
      <ErrorNotice error={error} />
      {message !== null && (
        <p className="notice notice--info" role="status" data-testid="attention-message">
          {message}
        </p>
      )}
      {items !== null && items.length === 0 && (
        <p className="journal__empty" data-testid="attention-empty">
          {strings.attention.empty}
        </p>
      )}
      {items !== null && items.length > 0 && (
        <ul className="cards" data-testid="attention-list">
          {items.map((item) => (
            <li key={item.payment.paymentId} className="card" data-testid="attention-item">
              <h2 className="card__title">
                <span className="card__flag" aria-hidden="true">
                  !
                </span>
                {`${strings.attention.problem[item.problem]} · ${strings.kind[item.payment.kind]} ${formatAmount(item.payment.amountMinor)}`}
              </h2>
              <p className="card__meta">
                {`${formatDateTime(item.payment.createdAt)} · ${item.payment.orderId}${item.payment.operatorName === null ? '' : ` · ${item.payment.operatorName}`}`}
              </p>
              <dl className="facts">
                <div className="facts__row">
                  <dt>{strings.attention.known}</dt>
                  <dd data-testid="attention-known">{item.known}</dd>
                </div>
                <div className="facts__row">
                  <dt>{strings.attention.todo}</dt>
                  <dd data-testid="attention-todo">{item.todo}</dd>
                </div>
              </dl>
              {item.blocksLane && (
                <p className="notice notice--warning">{strings.attention.blocksLane}</p>
              )}
              {item.laneOverride !== null && (
                <p className="screen__hint">{strings.attention.overridden(item.laneOverride)}</p>
              )}
              <div className="screen__actions">
                {isManager &&
                  item.resolutions.map((resolution) => (
                    <button
                      key={resolution}
                      type="button"
                      className="button button--secondary"
                      data-testid={`resolve-${resolution}`}
                      aria-disabled={busy}
                      onClick={() => {
                        if (busy) return;
                        if (resolution === 'recheck') void resolve(item, resolution);
                        else setPending({ kind: 'resolve', item, resolution });
                      }}
                    >
                      {strings.attention.resolution[resolution]}
                    </button>
                  ))}
                {item.blocksLane && item.laneOverride === null && (
                  <button
                    type="button"
                    className="button button--secondary"
                    data-testid="override"
                    onClick={() => setPending({ kind: 'override', item })}
                  >
                    {strings.attention.override}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => actions.navigate('payment', item.payment.paymentId)}
                >
                  {strings.attention.openPayment}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {pending?.kind === 'resolve' && (
        <ReasonDialog
          title={strings.attention.resolution[pending.resolution]}
          onSubmit={(reason) => void resolve(pending.item, pending.resolution, reason)}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'override' && (
        <ReasonDialog
          title={strings.attention.override}
          onSubmit={(reason) =>
            isManager
              ? void override(pending.item, reason, null)
              : setPending({ kind: 'approve-override', item: pending.item, reason })
          }
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'approve-override' && (
        <ApprovalDialog
          request={{
            action: 'override',
            paymentId: pending.item.payment.paymentId,
            amountMinor: 0,
          }}
          onApproved={(grant) => void override(pending.item, pending.reason, grant)}
          onClose={() => setPending(null)}
        />
      )}
    </section>
  );
}

function ReasonDialog({
  title,
  onSubmit,
  onClose,
}: {
  title: string;
  onSubmit(reason: string): void;
  onClose(): void;
}) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState(false);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setProblem(true);
      return;
    }
    onSubmit(reason.trim());
  }
  return (
    <Dialog title={title} onClose={onClose} testId="reason-dialog">
      <form className="dialog__form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="reason-input" className="field__label">
            {strings.attention.reasonLabel}
          </label>
          <input
            id="reason-input"
            className="text-field"
            data-testid="reason-input"
            autoComplete="off"
            maxLength={200}
            value={reason}
            aria-invalid={problem}
            aria-describedby="reason-hint"
            onChange={(event) => {
              setReason(event.target.value);
              setProblem(false);
            }}
          />
          <p id="reason-hint" className={problem ? 'field-hint field-hint--error' : 'field-hint'}>
            {problem ? strings.attention.reasonMissing : strings.attention.reasonHint}
          </p>
        </div>
        <div className="screen__actions">
          <button type="submit" className="button button--primary" data-testid="reason-submit">
            {strings.common.confirm}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {strings.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
