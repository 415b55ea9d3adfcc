import { ErrorNotice } from './components/ErrorNotice';
import { EnvironmentPrompt } from './components/EnvironmentPrompt';
import { Header } from './components/Header';
import { LiveRegion } from './components/LiveRegion';
import { Nav } from './components/Nav';
import { isDialogOpen } from './components/Dialog';
import { useApp, useAppStore } from './context';
import { useWindowKey } from './hooks';
import { AmountScreen } from './screens/AmountScreen';
import { AttentionScreen } from './screens/AttentionScreen';
import { JournalScreen } from './screens/JournalScreen';
import { LoginScreen } from './screens/LoginScreen';
import { MessageScreen } from './screens/MessageScreen';
import { OperatorsScreen } from './screens/OperatorsScreen';
import { PaymentDetailScreen } from './screens/PaymentDetailScreen';
import { PaymentScreen } from './screens/PaymentScreen';
import { ReportScreen } from './screens/ReportScreen';
import { ResultScreen } from './screens/ResultScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SetupScreen } from './screens/SetupScreen';
import { isRunning } from './stores/sale';
import * as strings from './strings';

function isTextTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** Chooses the lane's screen once someone is logged in; a running sale always comes first. */
function LaneScreen() {
  const { actions } = useApp();
  const sale = useAppStore('sale', (state) => state.sale);
  const view = useAppStore('nav', (state) => state.view);
  const paymentId = useAppStore('nav', (state) => state.paymentId);
  const saleRunning = sale !== null && isRunning(sale.stage);

  // N opens the sale screen from any other screen; the result screen handles N itself.
  useWindowKey((event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isDialogOpen()) return;
    if (
      (event.key === 'n' || event.key === 'N') &&
      view !== 'sale' &&
      !isTextTarget(event.target)
    ) {
      event.preventDefault();
      actions.navigate('sale');
    }
  });

  if (saleRunning) {
    // Keyed by payment, so a new sale mounts fresh screens (timer, focus) instead of reusing old ones.
    return <PaymentScreen key={`payment-${sale.paymentId}`} sale={sale} />;
  }
  switch (view) {
    case 'journal':
      return <JournalScreen />;
    case 'payment':
      return paymentId === null ? (
        <JournalScreen />
      ) : (
        <PaymentDetailScreen key={paymentId} paymentId={paymentId} />
      );
    case 'attention':
      return <AttentionScreen />;
    case 'report':
      return <ReportScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'operators':
      return <OperatorsScreen />;
    case 'sale':
      return sale === null ? (
        <AmountScreen />
      ) : (
        <ResultScreen key={`result-${sale.paymentId}`} sale={sale} />
      );
  }
}

/** Chooses the screen from main's state: session problems first, then the lane. */
function CurrentScreen() {
  const { actions } = useApp();
  const phase = useAppStore('session', (state) => state.phase);
  const loadError = useAppStore('session', (state) => state.loadError);
  const status = useAppStore('session', (state) => state.status);

  if (phase === 'loading' && status === null) {
    return <MessageScreen heading={strings.screens.loading} testId="screen-loading" />;
  }
  if (phase === 'failed' || status === null) {
    return (
      <MessageScreen heading={strings.screens.loadFailed.heading} testId="screen-load-failed">
        <ErrorNotice error={loadError} />
        <button
          type="button"
          className="button button--primary"
          onClick={() => void actions.reload()}
        >
          {strings.screens.loadFailed.retry}
        </button>
      </MessageScreen>
    );
  }
  if (status.settingsError !== null) {
    return (
      <MessageScreen heading={strings.screens.settingsError.heading} testId="screen-settings-error">
        <p>{strings.screens.settingsError.body}</p>
        <p className="notice notice--error" data-testid="settings-error">
          <strong className="notice__lead">{strings.settingsErrorScreen.field}</strong>
          {status.settingsError}
        </p>
        <p>{strings.settingsErrorScreen.nextStep}</p>
        <div className="screen__actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void actions.reload()}
          >
            {strings.common.retry}
          </button>
        </div>
      </MessageScreen>
    );
  }
  if (status.setupRequired) {
    return <SetupScreen />;
  }
  if (status.operator === null) {
    return <LoginScreen />;
  }
  return (
    <>
      <LaneScreen />
      {status.operator.role === 'manager' && <EnvironmentPrompt />}
    </>
  );
}

/** Renders the app frame: header, navigation, the current screen and the live region. */
export function App() {
  return (
    <div className="app">
      <Header />
      <Nav />
      <main className="app-main">
        <CurrentScreen />
      </main>
      <LiveRegion />
    </div>
  );
}
