import type { ReceiptModel } from '../../../common/contract';
import * as strings from '../strings';

function Line({ label, value }: { label: string; value: string | null }) {
  if (value === null || value === '') return null;
  return (
    <div className="receipt__line">
      <span>{label}</span>
      <span>{value}</span>
    </div>
  );
}

/**
 * Draws a receipt from main's receipt model as React elements, so every field, including
 * the merchant's header and footer, is text. Main's HTML rendering is for the print window only.
 */
export function ReceiptView({ model }: { model: ReceiptModel }) {
  return (
    <figure className="receipt" aria-label={strings.receipt.label} data-testid="receipt">
      {model.header.map((line, index) => (
        <p key={`h${index}`} className="receipt__center" data-testid="receipt-header">
          {line}
        </p>
      ))}
      {model.copy && <p className="receipt__center receipt__strong">{strings.receipt.copy}</p>}
      <p className="receipt__center receipt__strong" data-testid="receipt-title">
        {model.title}
      </p>
      <p className="receipt__center">{model.dateTime}</p>
      <Line label={strings.receipt.merchantId} value={model.merchantId} />
      <Line label={strings.receipt.lane} value={model.laneId} />
      <Line label={strings.receipt.operator} value={model.operatorName} />
      <Line label={strings.receipt.card} value={model.card} />
      <Line label={strings.receipt.entryMode} value={model.entryMode} />
      <Line label={strings.receipt.authCode} value={model.authCode} />
      <Line label={strings.receipt.retref} value={model.retref} />
      <Line label={strings.receipt.orderId} value={model.orderId} />
      {model.emv.map((line) => (
        <Line key={line.label} label={line.label} value={line.value} />
      ))}
      {model.partialApproval && (
        <p className="receipt__center receipt__strong">{strings.receipt.partial}</p>
      )}
      <Line label={strings.receipt.requested} value={model.requestedText} />
      <div className="receipt__line receipt__total">
        <span>{strings.receipt.total}</span>
        <span data-testid="receipt-total">{model.amountText}</span>
      </div>
      <Line label={strings.receipt.due} value={model.dueText} />
      {model.footer.map((line, index) => (
        <p key={`f${index}`} className="receipt__center" data-testid="receipt-footer">
          {line}
        </p>
      ))}
    </figure>
  );
}
