import type { TerminalState } from '../../../common/contract';
import { useApp, useAppStore } from '../context';
import * as strings from '../strings';

type TerminalTone = 'ready' | 'busy' | 'waiting' | 'down';

const terminalTone: Record<TerminalState, TerminalTone> = {
  idle: 'ready',
  in_payment: 'busy',
  cancelling: 'busy',
  probing: 'waiting',
  recovering: 'waiting',
  rebooting: 'waiting',
  unavailable: 'down',
  closed: 'down',
  faulted: 'down',
};

function TerminalIndicator() {
  const status = useAppStore('terminal', (state) => state.status);
  const tone = status === null ? 'waiting' : terminalTone[status.state];
  const label = status === null ? strings.terminalUnknown : strings.terminalState[status.state];
  // The reason is shown only when the terminal cannot take a payment, because then it names the fix.
  const reason = tone === 'down' && status?.reason ? status.reason : null;
  return (
    <div className={`terminal terminal--${tone}`} data-testid="terminal-state">
      <span className="terminal__icon" aria-hidden="true" />
      <span className="terminal__label">{label}</span>
      {reason !== null && <span className="terminal__reason">{reason}</span>}
    </div>
  );
}

export function Header() {
  const { actions } = useApp();
  const status = useAppStore('session', (state) => state.status);
  const attentionCount = useAppStore('session', (state) => state.attentionCount);
  const badge = status === null ? null : strings.header.environmentBadge[status.environment];
  const isManager = status?.operator?.role === 'manager';

  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__name">{strings.appName}</span>
        {status !== null && badge !== null && (
          <span
            className={`env-badge env-badge--${status.environment}`}
            title={strings.header.environmentLabel[status.environment]}
            data-testid="environment-badge"
          >
            {badge}
            <span className="visually-hidden">
              {`: ${strings.header.environmentLabel[status.environment]}`}
            </span>
          </span>
        )}
      </div>
      {status !== null && (
        <p className="app-header__facts">
          <span className="fact">
            <span className="fact__label">{strings.header.laneLabel}</span>
            <span className="fact__value" data-testid="lane">
              {status.laneId}
            </span>
          </span>
          {status.operator === null ? (
            <span className="fact" data-testid="operator">
              {strings.header.noOperator}
            </span>
          ) : (
            <span className="fact">
              <span className="fact__label">{strings.header.operatorLabel}</span>
              <span className="fact__value" data-testid="operator">
                {status.operator.name}
              </span>
            </span>
          )}
        </p>
      )}
      <div className="app-header__status">
        {isManager && attentionCount > 0 && (
          <button
            type="button"
            className="attention"
            data-testid="attention"
            onClick={() => actions.navigate('attention')}
          >
            <span className="attention__icon" aria-hidden="true">
              !
            </span>
            {strings.header.attention(attentionCount)}
          </button>
        )}
        {status !== null && status.operator !== null && <TerminalIndicator />}
        {status !== null && status.operator !== null && (
          <button
            type="button"
            className="button button--header"
            data-testid="logout"
            onClick={() => void actions.logout()}
          >
            {strings.login.logout}
          </button>
        )}
      </div>
    </header>
  );
}
