import { useApp, useAppStore } from '../context';
import type { View } from '../stores/nav';
import * as strings from '../strings';

interface NavItem {
  view: View;
  label: string;
  managerOnly: boolean;
}

const ITEMS: readonly NavItem[] = [
  { view: 'sale', label: strings.nav.sale, managerOnly: false },
  { view: 'journal', label: strings.nav.journal, managerOnly: false },
  // Cashiers may open the list too: a manager at the register can let the lane sell from there.
  { view: 'attention', label: strings.nav.attention, managerOnly: false },
  { view: 'report', label: strings.nav.report, managerOnly: true },
  { view: 'settings', label: strings.nav.settings, managerOnly: true },
  { view: 'operators', label: strings.nav.operators, managerOnly: true },
];

/** Renders the screens an operator may open. A cashier gets Sale and Journal only. */
export function Nav() {
  const { actions } = useApp();
  const role = useAppStore('session', (state) => state.status?.operator?.role ?? null);
  const attentionCount = useAppStore('session', (state) => state.attentionCount);
  const view = useAppStore('nav', (state) => state.view);
  // A broken settings file shows one screen only, so there is nothing to navigate to.
  const settingsBroken = useAppStore('session', (state) => state.status?.settingsError != null);
  if (role === null || settingsBroken) return null;
  const current = view === 'payment' ? 'journal' : view;

  return (
    <nav className="app-nav" aria-label={strings.nav.label}>
      <ul className="app-nav__list">
        {ITEMS.filter((item) => role === 'manager' || !item.managerOnly).map((item) => (
          <li key={item.view}>
            <button
              type="button"
              className="app-nav__link"
              data-testid={`nav-${item.view}`}
              aria-current={current === item.view ? 'page' : undefined}
              onClick={() => actions.navigate(item.view)}
            >
              {item.label}
              {item.view === 'attention' && role === 'manager' && attentionCount > 0 && (
                <span className="app-nav__count">
                  <span className="visually-hidden">: </span>
                  {attentionCount}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <p className="app-nav__keys">{strings.nav.shortcuts}</p>
    </nav>
  );
}
