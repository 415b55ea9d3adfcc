import { useEffect, useState } from 'react';

import type { UpdateStatus } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { FactList, type Fact } from '../components/FactList';
import { useApp } from '../context';
import { useDateTime } from '../hooks';
import * as strings from '../strings';

const s = strings.settings.updates;

/** How long one press of Postpone keeps a pending update from installing, in hours. */
const POSTPONE_HOURS = 4;

/** The built-in updater's state for managers, with a way to postpone a pending install. */
export function UpdatesSection() {
  const { api, call } = useApp();
  const formatDateTime = useDateTime();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void call(api.updates.status({})).then((reply) => {
      if (!active) return;
      if (reply.ok) setStatus(reply.value);
      else setError(reply.error);
    });
    return () => {
      active = false;
    };
  }, [api, call]);

  async function postpone() {
    const reply = await call(api.updates.postpone({ hours: POSTPONE_HOURS }));
    if (reply.ok) {
      setStatus(reply.value);
      setMessage(s.postponed);
    } else {
      setError(reply.error);
    }
  }

  if (status === null) {
    return error === null ? null : (
      <p className="notice" data-testid="updates-unavailable">
        {s.unavailable}
      </p>
    );
  }

  const rows: Fact[] = [
    [s.state, s.stateLabel[status.state] ?? status.state, 'updates-state'],
    [s.currentVersion, status.currentVersion, 'updates-current'],
  ];
  if (status.pendingVersion !== null) {
    rows.push([s.pendingVersion, status.pendingVersion, 'updates-pending']);
  }
  if (status.installAt !== null) {
    rows.push([s.installAt, `${status.installAt} (${s.installAtNote})`, 'updates-install-at']);
  }
  if (status.postponedUntil !== null) {
    rows.push([s.postponedUntil, formatDateTime(status.postponedUntil), 'updates-postponed']);
  }
  if (status.problem !== null) rows.push([s.problem, status.problem, 'updates-problem']);

  return (
    <div data-testid="updates">
      <FactList facts={rows} />
      {message !== null && (
        <p className="notice notice--success" role="status" data-testid="updates-message">
          <span aria-hidden="true">✓ </span>
          {message}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {status.state === 'pending' && (
        <div className="screen__actions">
          <button
            type="button"
            className="button button--secondary"
            data-testid="updates-postpone"
            onClick={() => void postpone()}
          >
            {s.postpone}
          </button>
        </div>
      )}
    </div>
  );
}
