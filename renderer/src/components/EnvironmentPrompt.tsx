import { useState } from 'react';

import type { ErrorInfo } from '../../../common/errors';
import { useApp, useAppStore } from '../context';
import * as strings from '../strings';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';

const p = strings.environmentPrompt;

/**
 * Asks a manager to confirm an environment, site or merchant id that was changed in the settings
 * file outside Cardlane. The lane sells nothing until a manager confirms.
 */
export function EnvironmentPrompt() {
  const { api, call, actions } = useApp();
  const pending = useAppStore('session', (state) => state.unconfirmedSettings);
  const [dismissed, setDismissed] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  if (pending === null || dismissed) return null;

  async function confirm() {
    const reply = await call(api.settings.confirmEnvironment({}));
    if (reply.ok) {
      setError(null);
      await actions.reload();
    } else {
      setError(reply.error);
    }
  }

  return (
    <Dialog title={p.heading} onClose={() => setDismissed(true)} testId="environment-prompt">
      <p>{p.body}</p>
      <dl className="facts">
        <div className="facts__row">
          <dt>{p.environment}</dt>
          <dd data-testid="prompt-environment">
            {strings.header.environmentLabel[pending.environment]}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{p.site}</dt>
          <dd>{pending.site ?? strings.result.noValue}</dd>
        </div>
        <div className="facts__row">
          <dt>{p.merchantId}</dt>
          <dd>{pending.merchantId}</dd>
        </div>
      </dl>
      <ErrorNotice error={error} />
      <div className="screen__actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="environment-confirm"
          onClick={() => void confirm()}
        >
          {p.confirm}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setDismissed(true)}
        >
          {p.later}
        </button>
      </div>
    </Dialog>
  );
}
