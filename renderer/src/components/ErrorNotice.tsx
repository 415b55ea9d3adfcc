import type { ErrorInfo } from '../../../common/errors';
import * as strings from '../strings';

/**
 * Shows a refused request in plain words: the message for its code, never a bare code. For codes whose
 * message from main names the exact problem (a field, the amount left), main's message follows,
 * rendered as text.
 */
export function ErrorNotice({ error, lead }: { error: ErrorInfo | null; lead?: string }) {
  if (error === null) {
    return null;
  }
  const general = strings.errorMessage(error.code);
  const detail =
    strings.detailedCodes.has(error.code) &&
    error.message.trim() !== '' &&
    error.message.trim() !== general
      ? error.message.trim()
      : null;
  return (
    <div
      className="notice notice--error"
      role="alert"
      data-testid="error-notice"
      data-code={error.code}
    >
      {lead !== undefined && <strong className="notice__lead">{lead}</strong>}
      <span>{general}</span>
      {detail !== null && (
        <span className="notice__detail" data-testid="error-detail">
          {detail}
        </span>
      )}
    </div>
  );
}
