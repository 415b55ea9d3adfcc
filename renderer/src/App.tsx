import { ErrorNotice } from './components/ErrorNotice';
import { Header } from './components/Header';
import { LiveRegion } from './components/LiveRegion';
import { useApp, useAppStore } from './context';
import { AmountScreen } from './screens/AmountScreen';
import { LoginScreen } from './screens/LoginScreen';
import { MessageScreen } from './screens/MessageScreen';
import { PaymentScreen } from './screens/PaymentScreen';
import { ResultScreen } from './screens/ResultScreen';
import { SetupScreen } from './screens/SetupScreen';
import { isRunning } from './stores/sale';
import * as strings from './strings';

/** Chooses the screen from main's state: session problems first, then the lane's sale. */
function CurrentScreen() {
  const { actions } = useApp();
  const phase = useAppStore('session', (state) => state.phase);
  const loadError = useAppStore('session', (state) => state.loadError);
  const status = useAppStore('session', (state) => state.status);
  const sale = useAppStore('sale', (state) => state.sale);

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
        <p className="notice notice--error">{status.settingsError}</p>
      </MessageScreen>
    );
  }
  if (status.setupRequired) {
    return <SetupScreen />;
  }
  if (status.operator === null) {
    return <LoginScreen />;
  }
  if (sale === null) {
    return <AmountScreen />;
  }
  // Keyed by payment, so a new sale mounts fresh screens (timer, focus) instead of reusing old ones.
  return isRunning(sale.stage) ? (
    <PaymentScreen key={`payment-${sale.paymentId}`} sale={sale} />
  ) : (
    <ResultScreen key={`result-${sale.paymentId}`} sale={sale} />
  );
}

/** Renders the app frame: header, the current screen and the live region every screen reports into. */
export function App() {
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <CurrentScreen />
      </main>
      <LiveRegion />
    </div>
  );
}
