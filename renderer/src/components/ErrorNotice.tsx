import type { ErrorInfo } from '../../../common/errors';
import * as strings from '../strings';

/** A refused request in plain words: the message for its code, never a bare code. */
export function ErrorNotice({ error, lead }: { error: ErrorInfo | null; lead?: string }) {
  if (error === null) {
    return null;
  }
  return (
    <div
      className="notice notice--error"
      role="alert"
      data-testid="error-notice"
      data-code={error.code}
    >
      {lead !== undefined && <strong className="notice__lead">{lead}</strong>}
      <span>{strings.errorMessage(error.code)}</span>
    </div>
  );
}
