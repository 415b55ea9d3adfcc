import { useEffect, useState, type FormEvent, type ReactNode } from 'react';

import type {
  ApprovalGrant,
  PaymentActionResult,
  PaymentDetail,
  PaymentInquiry,
  PaymentSummary,
  RenderedReceipt,
} from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { checkAmount, normalizePasted } from '../amount-entry';
import { ApprovalDialog, type ApprovalRequest } from '../components/ApprovalDialog';
import { Dialog, isDialogOpen } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { ReceiptView } from '../components/ReceiptView';
import { useApp, useAppStore } from '../context';
import { formatAmount } from '../format';
import { useDateTime, useFocusOnMount, useWindowKey } from '../hooks';
import * as strings from '../strings';

type Flow =
  | { kind: 'none' }
  | { kind: 'approve'; request: ApprovalRequest }
  | { kind: 'confirm'; action: 'void' | 'refund'; amountMinor: number }
  | { kind: 'receipt' };

type ActionKind = 'void' | 'refund';

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function Summary({ payment }: { payment: PaymentSummary }) {
  const formatDateTime = useDateTime();
  const f = strings.detail.facts;
  const card =
    payment.card.last4 === null && payment.card.brand === null
      ? null
      : strings.result.cardText(payment.card.brand, payment.card.last4);
  const response =
    payment.respText === null && payment.respCode === null
      ? null
      : [payment.respText, payment.respCode === null ? null : `(${payment.respCode})`]
          .filter((part) => part !== null)
          .join(' ');
  return (
    <dl className="facts">
      <Fact label={f.state} value={strings.paymentState[payment.state]} testId="detail-state" />
      <Fact label={f.requested} value={formatAmount(payment.amountMinor)} />
      <Fact
        label={f.approved}
        value={payment.approvedMinor === null ? null : formatAmount(payment.approvedMinor)}
        testId="detail-approved"
      />
      <Fact label={f.card} value={card} testId="detail-card" />
      <Fact label={f.entryMode} value={payment.card.entryMode} />
      <Fact label={f.authCode} value={payment.authCode} />
      <Fact label={f.retref} value={payment.retref} testId="detail-retref" />
      <Fact label={f.orderId} value={payment.orderId} testId="detail-order" />
      <Fact label={f.response} value={response} testId="detail-response" />
      <Fact label={f.operator} value={payment.operatorName} />
      <Fact label={f.lane} value={payment.laneId} />
      <Fact label={f.reference} value={payment.reference} />
      <Fact label={f.time} value={formatDateTime(payment.createdAt)} />
      <Fact label={f.attention} value={payment.attention} testId="detail-attention" />
    </dl>
  );
}

function History({ detail }: { detail: PaymentDetail }) {
  const formatDateTime = useDateTime();
  const orderOf = new Map<number, string>([
    [detail.payment.paymentId, detail.payment.orderId],
    ...detail.children.map((child) => [child.paymentId, child.orderId] as const),
  ]);
  return (
    <>
      {detail.children.length > 0 && (
        <section aria-labelledby="detail-children">
          <h2 id="detail-children" className="section__title">
            {strings.detail.children}
          </h2>
          <ul className="plain-list" data-testid="detail-children">
            {detail.children.map((child) => (
              <li key={child.paymentId}>
                {`${strings.kind[child.kind]} · ${formatAmount(child.approvedMinor ?? child.amountMinor)} · ${strings.paymentState[child.state]} · ${formatDateTime(child.createdAt)}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="detail-history">
        <h2 id="detail-history" className="section__title">
          {strings.detail.history}
        </h2>
        <ol className="plain-list" data-testid="detail-history">
          {detail.history.map((event, index) => (
            <li key={index}>
              <span className="plain-list__time">{formatDateTime(event.at)}</span>{' '}
              {detail.children.length > 0 && (
                <span className="plain-list__tag">{orderOf.get(event.paymentId) ?? ''} </span>
              )}
              {strings.detail.historyStep(
                event.fromState === null ? null : strings.paymentState[event.fromState],
                strings.paymentState[event.toState],
              )}
              {event.note !== null && (
                <span className="plain-list__note">{` — ${event.note}`}</span>
              )}
            </li>
          ))}
        </ol>
      </section>
      {detail.audit.length > 0 && (
        <section aria-labelledby="detail-audit">
          <h2 id="detail-audit" className="section__title">
            {strings.detail.audit}
          </h2>
          <ol className="plain-list" data-testid="detail-audit">
            {detail.audit.map((entry, index) => (
              <li key={index}>
                <span className="plain-list__time">{formatDateTime(entry.at)}</span>{' '}
                {strings.detail.auditAction(entry.action)}
                {entry.operatorName !== null && ` · ${entry.operatorName}`}
              </li>
            ))}
          </ol>
        </section>
      )}
      {Object.keys(detail.emv).length > 0 && (
        <section aria-labelledby="detail-emv">
          <h2 id="detail-emv" className="section__title">
            {strings.detail.emv}
          </h2>
          <dl className="facts">
            {Object.entries(detail.emv).map(([label, value]) => (
              <Fact key={label} label={label} value={value} />
            ))}
          </dl>
        </section>
      )}
    </>
  );
}

function ReceiptDialog({ paymentId, onClose }: { paymentId: number; onClose(): void }) {
  const { api, call } = useApp();
  const [receipt, setReceipt] = useState<RenderedReceipt | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [printing, setPrinting] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    void call(api.receipts.get({ paymentId })).then((reply) => {
      if (reply.ok) setReceipt(reply.value);
      else setError(reply.error);
    });
  }, [api, call, paymentId]);

  async function reprint() {
    if (printing) return;
    setPrinting(true);
    setError(null);
    const reply = await call(api.receipts.print({ paymentId }));
    setPrinting(false);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setReceipt(reply.value.receipt);
    const printStatus = reply.value.status;
    setStatus(
      printStatus.error !== null
        ? strings.receipt.printFailed(printStatus.error)
        : printStatus.printed
          ? strings.receipt.printed
          : strings.receipt.notPrinted,
    );
  }

  return (
    <Dialog title={strings.receipt.heading} onClose={onClose} testId="receipt-dialog">
      {receipt === null && error === null && <p>{strings.common.loading}</p>}
      {receipt !== null && <ReceiptView model={receipt.model} />}
      <ErrorNotice error={error} />
      {status !== null && (
        <p className="notice notice--info" role="status" data-testid="print-status">
          {status}
        </p>
      )}
      <div className="screen__actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="reprint"
          aria-disabled={printing}
          onClick={() => void reprint()}
        >
          {printing ? strings.receipt.printing : strings.receipt.reprint}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {strings.common.close}
        </button>
      </div>
    </Dialog>
  );
}

/** Renders a payment with its whole history, and offers void, refund and its receipt. */
export function PaymentDetailScreen({ paymentId }: { paymentId: number }) {
  const { api, call, actions } = useApp();
  const isManager = useAppStore('session', (state) => state.status?.operator?.role === 'manager');
  const returnTo = useAppStore('nav', (state) => state.returnTo);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  const [detail, setDetail] = useState<PaymentDetail | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [flow, setFlow] = useState<Flow>({ kind: 'none' });
  const [refundOpen, setRefundOpen] = useState(false);
  const [refundText, setRefundText] = useState('');
  const [refundMessage, setRefundMessage] = useState<string | null>(null);
  const [inquiry, setInquiry] = useState<PaymentInquiry | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [outcome, setOutcome] = useState<{
    action: ActionKind;
    result: PaymentActionResult;
  } | null>(null);

  useEffect(() => {
    void call(api.payments.get({ paymentId })).then((reply) => {
      if (reply.ok) setDetail(reply.value);
      else setLoadError(reply.error);
    });
  }, [api, call, paymentId]);

  useWindowKey((event) => {
    const target = event.target;
    const inField =
      target instanceof HTMLInputElement ||
      target instanceof HTMLSelectElement ||
      target instanceof HTMLTextAreaElement;
    if (event.key === 'Escape' && !isDialogOpen() && !inField && !busy) {
      event.preventDefault();
      actions.navigate(returnTo);
    }
  });

  const back = (
    <button
      type="button"
      className="button button--secondary"
      data-testid="detail-back"
      onClick={() => actions.navigate(returnTo)}
    >
      {strings.detail.back}
    </button>
  );

  if (detail === null) {
    return (
      <section className="screen" aria-labelledby="detail-heading">
        <h1 id="detail-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
          {loadError === null ? strings.common.loading : strings.detail.loadFailed}
        </h1>
        <ErrorNotice error={loadError} />
        <div className="screen__actions">{back}</div>
      </section>
    );
  }

  const payment = detail.payment;
  const refundable = detail.actions.refundableMinor;
  const baseAmount = payment.approvedMinor ?? payment.amountMinor;

  async function perform(action: ActionKind, amountMinor: number, grant: ApprovalGrant | null) {
    setFlow({ kind: 'none' });
    setBusy(true);
    setError(null);
    setOutcome(null);
    const approvalId = grant === null ? {} : { approvalId: grant.approvalId };
    const reply =
      action === 'void'
        ? await call(api.payments.void({ paymentId, ...approvalId }))
        : await call(api.payments.refund({ paymentId, amountMinor, ...approvalId }));
    setBusy(false);
    if (reply.ok) {
      setOutcome({ action, result: reply.value });
      setDetail(reply.value.payment);
      if (action === 'refund' && reply.value.outcome === 'approved') {
        setRefundOpen(false);
        setRefundText('');
      }
    } else {
      setError(reply.error);
    }
    void actions.refreshManagerFacts().catch(() => undefined);
  }

  /** Asks for a manager's approval when a cashier is logged in, or a confirmation from a manager. */
  function begin(action: ActionKind, amountMinor: number) {
    setError(null);
    setOutcome(null);
    if (isManager) {
      setFlow({ kind: 'confirm', action, amountMinor });
    } else {
      setFlow({ kind: 'approve', request: { action, paymentId, amountMinor } });
    }
  }

  function openRefund() {
    setRefundOpen(true);
    setRefundMessage(null);
    setError(null);
    setInquiry(null);
    void call(api.payments.inquire({ paymentId })).then((reply) => {
      if (reply.ok) setInquiry(reply.value);
    });
  }

  function submitRefund(event: FormEvent) {
    event.preventDefault();
    const entry = normalizePasted(refundText);
    const checked = entry === null ? null : checkAmount(entry, Number.MAX_SAFE_INTEGER);
    if (checked === null || !checked.ok) {
      setRefundMessage(checked?.ok === false ? checked.message : strings.amount.notAccepted);
      return;
    }
    // Checked here before anything is sent; main checks again against the journal.
    if (checked.minor > refundable) {
      setRefundMessage(strings.detail.refundTooMuch(formatAmount(refundable)));
      return;
    }
    setRefundMessage(null);
    begin('refund', checked.minor);
  }

  const refundEntry = normalizePasted(refundText);
  const refundChecked =
    refundEntry === null ? null : checkAmount(refundEntry, Number.MAX_SAFE_INTEGER);
  const offerVoid =
    detail.actions.canVoid &&
    ((error !== null && error.code === 'not_refundable') || inquiry?.suggestion === 'void');

  return (
    <section
      className="screen screen--wide"
      aria-labelledby="detail-heading"
      data-testid="screen-payment"
    >
      <div className="screen__top">
        <h1 id="detail-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
          {strings.detail.heading(strings.kind[payment.kind], formatAmount(baseAmount))}
        </h1>
        {back}
      </div>
      <Summary payment={payment} />
      {payment.kind === 'sale' && (
        <p className="detail__refundable" data-testid="refundable">
          {strings.detail.refundable(formatAmount(refundable))}
        </p>
      )}
      {detail.actions.reason !== null && (
        <p className="notice notice--info" data-testid="actions-reason">
          {detail.actions.reason}
        </p>
      )}
      <div className="screen__actions">
        {detail.actions.canVoid && (
          <button
            type="button"
            className="button button--secondary"
            data-testid="void"
            aria-disabled={busy}
            onClick={() => !busy && begin('void', baseAmount)}
          >
            {strings.detail.void}
          </button>
        )}
        {detail.actions.canRefund && !refundOpen && (
          <button
            type="button"
            className="button button--secondary"
            data-testid="refund"
            onClick={openRefund}
          >
            {strings.detail.refund}
          </button>
        )}
        {detail.actions.canReprint && (
          <button
            type="button"
            className="button button--secondary"
            data-testid="receipt-open"
            onClick={() => setFlow({ kind: 'receipt' })}
          >
            {strings.detail.receipt}
          </button>
        )}
      </div>
      {refundOpen && (
        <RefundForm
          refundable={refundable}
          text={refundText}
          message={refundMessage}
          busy={busy}
          inquiry={inquiry}
          amountLabel={refundChecked?.ok === true ? refundChecked.formatted : null}
          onText={(value) => {
            setRefundText(value);
            setRefundMessage(null);
          }}
          onSubmit={submitRefund}
          onClose={() => setRefundOpen(false)}
        />
      )}
      {busy && (
        <p className="payment__stage" role="status">
          <span className="spinner" aria-hidden="true" />
          {strings.detail.checking}
        </p>
      )}
      <ErrorNotice error={error} />
      {offerVoid && (
        <div className="notice notice--info" data-testid="offer-void">
          <p>{strings.detail.offerVoid}</p>
          <button
            type="button"
            className="button button--primary"
            data-testid="offer-void-button"
            onClick={() => begin('void', baseAmount)}
          >
            {strings.detail.void}
          </button>
        </div>
      )}
      {outcome !== null && <Outcome action={outcome.action} result={outcome.result} />}
      <History detail={detail} />

      {flow.kind === 'approve' && (
        <ApprovalDialog
          request={flow.request}
          onApproved={(grant) =>
            void perform(flow.request.action as ActionKind, flow.request.amountMinor, grant)
          }
          onClose={() => setFlow({ kind: 'none' })}
        />
      )}
      {flow.kind === 'confirm' && (
        <Dialog
          title={flow.action === 'void' ? strings.detail.void : strings.detail.refundHeading}
          onClose={() => setFlow({ kind: 'none' })}
          testId="confirm-dialog"
          initialFocus="[data-testid='confirm-submit']"
        >
          <p data-testid="confirm-text">
            {flow.action === 'void'
              ? strings.detail.voidConfirm(formatAmount(flow.amountMinor))
              : strings.detail.refundConfirm(formatAmount(flow.amountMinor))}
          </p>
          <div className="screen__actions">
            <button
              type="button"
              className="button button--primary"
              data-testid="confirm-submit"
              onClick={() => void perform(flow.action, flow.amountMinor, null)}
            >
              {strings.common.confirm}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setFlow({ kind: 'none' })}
            >
              {strings.common.cancel}
            </button>
          </div>
        </Dialog>
      )}
      {flow.kind === 'receipt' && (
        <ReceiptDialog paymentId={paymentId} onClose={() => setFlow({ kind: 'none' })} />
      )}
    </section>
  );
}

function RefundForm({
  refundable,
  text,
  message,
  busy,
  inquiry,
  amountLabel,
  onText,
  onSubmit,
  onClose,
}: {
  refundable: number;
  text: string;
  message: string | null;
  busy: boolean;
  inquiry: PaymentInquiry | null;
  amountLabel: string | null;
  onText(value: string): void;
  onSubmit(event: FormEvent): void;
  onClose(): void;
}) {
  const inputRef = useFocusOnMount<HTMLInputElement>();
  return (
    <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="refund-heading">
      <h2 id="refund-heading" className="section__title">
        {strings.detail.refundHeading}
      </h2>
      <p className="detail__refundable" data-testid="refund-limit">
        {strings.detail.refundHint(formatAmount(refundable))}
      </p>
      {inquiry !== null && (
        <p className="screen__hint" data-testid="inquiry">
          {inquiry.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="refund-amount" className="field__label">
          {strings.detail.refundAmount}
        </label>
        <input
          ref={inputRef}
          id="refund-amount"
          className="text-field"
          data-testid="refund-amount"
          inputMode="decimal"
          autoComplete="off"
          maxLength={14}
          value={text}
          aria-invalid={message !== null}
          aria-describedby="refund-amount-hint"
          readOnly={busy}
          onChange={(event) => onText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              onClose();
            }
          }}
        />
        <p
          id="refund-amount-hint"
          className={message === null ? 'field-hint' : 'field-hint field-hint--error'}
          data-testid="refund-message"
        >
          {message ?? strings.detail.refundAmountHint}
        </p>
      </div>
      <div className="screen__actions">
        <button
          type="submit"
          className="button button--primary"
          data-testid="refund-submit"
          aria-disabled={busy}
        >
          {strings.detail.refundSubmit(amountLabel)}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {strings.common.cancel}
        </button>
      </div>
    </form>
  );
}

function Outcome({ action, result }: { action: ActionKind; result: PaymentActionResult }) {
  const tones = {
    approved: { tone: 'success', symbol: '✓' },
    unknown: { tone: 'warning', symbol: '!' },
    declined: { tone: 'error', symbol: '✕' },
    failed: { tone: 'error', symbol: '✕' },
  } as const;
  const { tone, symbol } = tones[result.outcome];
  return (
    <div
      className={`notice notice--${tone}`}
      role="status"
      data-testid="action-outcome"
      data-outcome={result.outcome}
    >
      <strong className="notice__lead">
        <span aria-hidden="true">{`${symbol} `}</span>
        {strings.detail.outcome[result.outcome][action]}
      </strong>
      {result.action.respText !== null && result.outcome !== 'approved' && (
        <span className="notice__detail">{result.action.respText}</span>
      )}
      {result.notice !== null && <span className="notice__detail">{result.notice}</span>}
      {result.receipt?.error != null && (
        <span className="notice__detail" data-testid="receipt-failed">
          {strings.detail.receiptFailed(result.receipt.error)}
        </span>
      )}
    </div>
  );
}
