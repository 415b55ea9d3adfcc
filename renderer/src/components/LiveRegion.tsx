import type { SaleProgress } from '../../../common/contract';
import { formatAmount } from '../../../common/money';
import { useAppStore } from '../context';
import { isRunning } from '../stores/sale';
import * as strings from '../strings';

/** The sentence a screen reader hears when the payment's state changes. */
export function paymentAnnouncement(sale: SaleProgress | null, prompt: string | null): string {
  if (sale === null) {
    return '';
  }
  const amount = formatAmount(sale.amountMinor);
  const stage = sale.stage;
  if (isRunning(stage)) {
    if (stage === 'starting') {
      return strings.announce.starting(amount);
    }
    const stageText = strings.payment.stage[stage as keyof typeof strings.payment.stage] ?? '';
    return prompt === null ? stageText : `${strings.announce.prompt(prompt)}. ${stageText}`;
  }
  const heading = strings.result.heading[stage as keyof typeof strings.result.heading] ?? stage;
  const summary = strings.result.summary[stage as keyof typeof strings.result.summary] ?? '';
  return `${strings.announce.stage(heading, amount)} ${summary}`;
}

/**
 * A polite live region that is always in the page, so assistive technology announces each change
 * of the payment's state and the terminal's prompt.
 */
export function LiveRegion() {
  const sale = useAppStore('sale', (state) => state.sale);
  const prompt = useAppStore('sale', (state) => state.prompt);
  return (
    <div
      className="visually-hidden"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      {paymentAnnouncement(sale, prompt)}
    </div>
  );
}
