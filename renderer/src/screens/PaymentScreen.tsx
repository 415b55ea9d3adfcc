import type { SaleProgress } from '../../../common/contract';
import { formatAmount } from '../../../common/money';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp, useAppStore } from '../context';
import { formatElapsed, useElapsedSeconds, useFocusOnMount, useWindowKey } from '../hooks';
import { canCancel } from '../stores/sale';
import * as strings from '../strings';

function stageText(sale: SaleProgress): string {
  const stage = sale.stage;
  if (
    stage === 'starting' ||
    stage === 'in_payment' ||
    stage === 'cancelling' ||
    stage === 'confirming'
  ) {
    return strings.payment.stage[stage];
  }
  return strings.payment.waitingForTerminal;
}

export function PaymentScreen({ sale }: { sale: SaleProgress }) {
  const { actions } = useApp();
  const prompt = useAppStore('sale', (state) => state.prompt);
  const cancelRequested = useAppStore('sale', (state) => state.cancelRequested);
  const error = useAppStore('sale', (state) => state.error);
  const elapsed = useElapsedSeconds(sale.startedAt);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  const cancellable = canCancel(sale.stage) && !cancelRequested;
  useWindowKey((event) => {
    if (event.key === 'Escape' && cancellable) {
      event.preventDefault();
      void actions.cancel();
    }
  });

  return (
    <section className="screen screen--payment" aria-labelledby="payment-heading">
      <h1 id="payment-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {strings.payment.heading}
      </h1>
      <p className="payment__amount" data-testid="payment-amount">
        <span className="visually-hidden">{`${strings.payment.amountLabel}: `}</span>
        {formatAmount(sale.amountMinor)}
      </p>
      <div className="payment__prompt" data-testid="terminal-prompt">
        <span className="payment__prompt-label">{strings.payment.promptLabel}</span>
        {prompt === null ? (
          <span className="payment__prompt-text payment__prompt-text--waiting">
            {strings.payment.waitingForTerminal}
          </span>
        ) : (
          <span className="payment__prompt-text">{prompt}</span>
        )}
      </div>
      <p className="payment__stage" data-testid="payment-stage" data-stage={sale.stage}>
        <span className="spinner" aria-hidden="true" />
        {stageText(sale)}
      </p>
      <p className="payment__elapsed" data-testid="elapsed">
        {strings.payment.elapsed(formatElapsed(elapsed))}
      </p>
      <ErrorNotice error={error} />
      <div className="screen__actions">
        <button
          type="button"
          className="button button--secondary"
          data-testid="cancel"
          disabled={!cancellable}
          onClick={() => void actions.cancel()}
        >
          {cancelRequested || sale.stage === 'cancelling'
            ? strings.payment.cancelling
            : strings.payment.cancel}
        </button>
        {canCancel(sale.stage) && <p className="screen__hint">{strings.payment.cancelHint}</p>}
      </div>
    </section>
  );
}
