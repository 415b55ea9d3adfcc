/**
 * The Electron entry of Cardlane, bundled to out/main/index.cjs. Everything it does is in
 * lifecycle.ts; this file only starts it and ends the process if start-up itself fails.
 */
import { app } from 'electron';

import { createLogger } from '../log/logger';
import { startApp } from './lifecycle';

const shell = startApp();
shell?.ready.catch((error: unknown) => {
  createLogger('app').error('start-up failed', { error });
  app.exit(1);
});
