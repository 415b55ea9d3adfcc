/**
 * The renderer's state and the actions that change it. Stores are zustand vanilla stores fed by
 * bridge events and by the replies of channel calls; React components only read them and call
 * these actions. After a reload, `load` rebuilds everything from main (session, terminal, the
 * open sale), so no screen depends on state kept in the page.
 */
import type { CardlaneApi } from '../../common/bridge';
import type { Envelope } from '../../common/contract';
import { settle, type CallResult } from './bridge';
import { createSaleActions } from './actions/sale';
import { createSessionActions } from './actions/session';
import { createEntryStore } from './stores/entry';
import { createLoginStore } from './stores/login';
import { createNavStore, MANAGER_VIEWS, type View } from './stores/nav';
import { applyProgressEvent, applyReply, createSaleStore, isRunning } from './stores/sale';
import { createSessionStore } from './stores/session';
import { createTerminalStore } from './stores/terminal';

export function createStores() {
  return {
    session: createSessionStore(),
    terminal: createTerminalStore(),
    sale: createSaleStore(),
    entry: createEntryStore(),
    login: createLoginStore(),
    nav: createNavStore(),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** Calls main and settles the reply. Every action calls main through this. */
export type Call = <T>(call: Promise<Envelope<T>>) => Promise<CallResult<T>>;

export function createAppState(api: CardlaneApi) {
  const stores = createStores();
  const { session, terminal, sale, nav } = stores;

  // A session that ended in main (logout elsewhere, idle lock) shows up as `not_authenticated` on
  // the next call. The renderer then reloads the session, so the login screen appears.
  const call: Call = async (request) => {
    const reply = await settle(request);
    if (
      !reply.ok &&
      reply.error.code === 'not_authenticated' &&
      session.getState().status?.operator
    ) {
      void load();
    }
    return reply;
  };

  /** Subscribes to main's events; returns a function that removes every subscription. */
  function connect(): () => void {
    const unsubscribers = [
      api.onSaleProgress((event) => sale.setState((state) => applyProgressEvent(state, event))),
      api.onTerminalStatus((status) => {
        terminal.setState({ status });
      }),
      api.onTerminalPrompt((prompt) => {
        // Prompts matter only while a sale runs; an idle terminal's welcome text is not shown.
        const current = sale.getState().sale;
        if (current !== null && isRunning(current.stage)) {
          sale.setState({ prompt: prompt.text });
        }
      }),
      api.onAttentionChanged(({ count }) => session.setState({ attentionCount: count })),
      // Login, logout and the idle lock change what every screen may show, so all of it reloads.
      api.onSessionChanged(() => void load()),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) {
        unsubscribe();
      }
    };
  }

  /** Asks main for the session, then the terminal and the open sale when someone is logged in. */
  async function load(): Promise<void> {
    session.setState({ phase: 'loading', loadError: null });
    const status = await settle(api.session.status({}));
    if (!status.ok) {
      session.setState({ phase: 'failed', loadError: status.error });
      return;
    }
    session.setState({ status: status.value, storeTimeZone: status.value.timeZone });

    if (status.value.operator === null) {
      // Nothing of the previous operator's sale stays on screen; main shows it again after login.
      sale.setState({ sale: null, prompt: null, error: null, starting: false });
      terminal.setState({ status: null });
      nav.setState({ view: 'sale', paymentId: null });
      session.setState({ attentionCount: 0, unconfirmedSettings: null });
      if (!status.value.setupRequired && status.value.settingsError === null) {
        await sessionActions.loadOperators();
      }
    } else {
      const [terminalStatus, current] = await Promise.all([
        settle(api.terminal.status({})),
        settle(api.sale.current({})),
      ]);
      if (terminalStatus.ok) {
        terminal.setState({ status: terminalStatus.value });
      }
      if (current.ok) {
        sale.setState((state) => applyReply(state, current.value));
      } else {
        sale.setState({ error: current.error });
      }
      if (status.value.operator.role === 'manager') {
        await loadManagerFacts();
      } else {
        session.setState({ attentionCount: 0, unconfirmedSettings: null });
        if (MANAGER_VIEWS.has(nav.getState().view)) {
          nav.setState({ view: 'sale', paymentId: null });
        }
      }
    }
    session.setState({ phase: 'ready' });
  }

  /** Loads what a manager's header and prompts need: open items, store zone, unconfirmed settings. */
  async function loadManagerFacts(): Promise<void> {
    const [attention, settings] = await Promise.all([
      settle(api.attention.list({})),
      settle(api.settings.get({})),
    ]);
    if (attention.ok) {
      session.setState({ attentionCount: attention.value.length });
    }
    if (settings.ok) {
      session.setState({
        unconfirmedSettings: settings.value.environmentConfirmationRequired ? settings.value : null,
        storeTimeZone: settings.value.timeZone,
      });
    }
  }

  const saleActions = createSaleActions(api, stores, call);
  const sessionActions = createSessionActions(api, stores, call, load);
  const actions = {
    ...saleActions,
    ...sessionActions,
    reload: load,
    refreshManagerFacts: loadManagerFacts,
    /** Opens a screen; the payment detail needs the payment's id. */
    navigate(view: View, paymentId: number | null = null): void {
      const current = nav.getState();
      nav.setState({
        view,
        paymentId: view === 'payment' ? paymentId : null,
        returnTo:
          view === 'payment' && current.view !== 'payment' ? current.view : current.returnTo,
      });
    },
  };

  return { api, call, stores, actions, connect, load };
}

export type AppState = ReturnType<typeof createAppState>;
export type AppActions = AppState['actions'];
