/**
 * Renderer entry: builds the app state over `window.cardlane`, subscribes to main's events before
 * the first load (so no event between the load and the subscription is lost), and renders.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { createAppState } from './app-state';
import { findBridge } from './bridge';
import { AppContext } from './context';
import { MessageScreen } from './screens/MessageScreen';
import * as strings from './strings';
import './styles.css';

const container = document.getElementById('root');
if (container === null) {
  throw new Error('renderer: index.html has no #root element.');
}
const root = createRoot(container);
const api = findBridge();

if (api === null) {
  root.render(
    <MessageScreen heading={strings.screens.noBridge.heading} testId="screen-no-bridge">
      <p>{strings.screens.noBridge.body}</p>
    </MessageScreen>,
  );
} else {
  const app = createAppState(api);
  app.connect();
  void app.load();
  root.render(
    <StrictMode>
      <AppContext value={app}>
        <App />
      </AppContext>
    </StrictMode>,
  );
}
