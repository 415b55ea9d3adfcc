import type { ReactNode } from 'react';

import type { SaleProgress, SaleResult, SaleStage } from '../../../common/contract';
import { formatAmount } from '../../../common/money';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp, useAppStore } from '../context';
import { useFocusOnMount, useWindowKey } from '../hooks';
import * as strings from '../strings';

type ResultStage = keyof typeof strings.result.heading;
type Tone = 'success' | 'warning' | 'danger' | 'neutral';

const tones: Record<ResultStage, Tone> = {
  approved: 'success',
  partially_approved: 'warning',
  offline: 'warning',
  declined: 'danger',
  failed: 'danger',
  unknown: 'warning',
  needs_attention: 'warning',
  cancelled: 'neutral',
};

// A symbol beside the heading, so the outcome is not told by colour alone.
const symbols: Record<Tone, string> = { success: '✓', warning: '!', danger: '✕', neutral: '–' };

function isResultStage(stage: SaleStage): stage is ResultStage {
  return Object.hasOwn(strings.result.heading, stage);
}

/** The reason for a decline as main reports it, or a general one when main gives none. */
export function declineReason(result: SaleResult | null): string {
  const reason = result?.reason?.trim() ?? '';
  return reason === '' ? strings.declineFallback : reason;
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? strings.result.noValue}</dd>
    </div>
  );
}

function Details({ sale }: { sale: SaleProgress }) {
  const result = sale.result;
  const card = result?.card ?? null;
  const rows: ReactNode[] = [];

  if (sale.stage === 'partially_approved' && result !== null) {
    rows.push(
      <Fact
        key="approved"
        label={strings.result.approvedAmount}
        value={formatAmount(result.approvedMinor)}
        testId="approved-amount"
      />,
      <Fact
        key="due"
        label={strings.result.amountDue}
        value={formatAmount(Math.max(0, sale.amountMinor - result.approvedMinor))}
        testId="amount-due"
      />,
    );
  }
  if (sale.stage === 'declined') {
    rows.push(
      <Fact
        key="reason"
        label={strings.result.reason}
        value={declineReason(result)}
        testId="decline-reason"
      />,
    );
    if (result?.respCode != null) {
      rows.push(
        <Fact
          key="code"
          label={strings.result.responseCode}
          value={result.respCode}
          testId="response-code"
        />,
      );
    }
  }
  if (card !== null && (card.brand !== null || card.last4 !== null)) {
    rows.push(
      <Fact
        key="card"
        label={strings.result.card}
        value={strings.result.cardText(card.brand, card.last4)}
        testId="card"
      />,
    );
  }
  if (result?.authCode != null) {
    rows.push(
      <Fact
        key="auth"
        label={strings.result.authCode}
        value={result.authCode}
        testId="auth-code"
      />,
    );
  }
  if (result?.retref != null) {
    rows.push(
      <Fact key="retref" label={strings.result.retref} value={result.retref} testId="retref" />,
    );
  }
  rows.push(
    <Fact key="order" label={strings.result.orderId} value={sale.orderId} testId="order-id" />,
  );
  return <dl className="facts">{rows}</dl>;
}

export function ResultScreen({ sale }: { sale: SaleProgress }) {
  const { actions } = useApp();
  const dismissing = useAppStore('sale', (state) => state.dismissing);
  const error = useAppStore('sale', (state) => state.error);
  const buttonRef = useFocusOnMount<HTMLButtonElement>();

  useWindowKey((event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    // Enter on a focused control activates that control; elsewhere it starts the next sale.
    const onControl =
      event.target instanceof HTMLButtonElement || event.target instanceof HTMLInputElement;
    if (event.key === 'n' || event.key === 'N' || (event.key === 'Enter' && !onControl)) {
      event.preventDefault();
      void actions.dismiss();
    }
  });

  const stage: ResultStage = isResultStage(sale.stage) ? sale.stage : 'unknown';
  const tone = tones[stage];
  return (
    <section
      className={`screen screen--result result--${tone}`}
      aria-labelledby="result-heading"
      data-stage={sale.stage}
    >
      <div className="result__banner">
        <span className="result__symbol" aria-hidden="true">
          {symbols[tone]}
        </span>
        <h1 id="result-heading" className="result__title" data-testid="result-heading">
          {strings.result.heading[stage]}
        </h1>
      </div>
      <p className="result__amount" data-testid="result-amount">
        <span className="visually-hidden">{`${strings.result.amount}: `}</span>
        {formatAmount(sale.amountMinor)}
      </p>
      <p className="result__summary" data-testid="result-summary">
        {strings.result.summary[stage]}
      </p>
      {stage === 'partially_approved' && (
        <p className="result__next">{strings.result.partialNextStep}</p>
      )}
      {sale.notice !== null && (
        <p className="notice notice--info" data-testid="result-notice">
          {sale.notice}
        </p>
      )}
      <Details sale={sale} />
      <ErrorNotice error={error} lead={strings.dismissFailed} />
      <div className="screen__actions">
        <button
          ref={buttonRef}
          type="button"
          className="button button--primary"
          data-testid="new-sale"
          aria-busy={dismissing}
          onClick={() => void actions.dismiss()}
        >
          {strings.result.newSale}
        </button>
        <p className="screen__hint">{strings.result.newSaleHint}</p>
      </div>
    </section>
  );
}
