import type { ConnectionTestResult, Environment } from '../../common/contract';
import { CardlaneError, isCardlaneError } from '../../common/errors';
import type { IpcRouter } from '../ipc/router';
import { createLogger } from '../log/logger';
import type { SettingsService } from './service';

const logger = createLogger('settings.handlers');

/** Outcome of the gateway's credential test, as the gateway wiring reports it. */
export type ConnectionTestOutcome =
  | { status: 'ok' }
  /** HTTP 401: the gateway does not accept this user and password at this host. */
  | { status: 'unauthorized' }
  /** No HTTP response: DNS, TLS, connection refused or timed out. */
  | { status: 'unreachable' }
  /** Any other response, with `httpStatus` when there was one. Never carries a body or a header. */
  | { status: 'failed'; httpStatus?: number };

export interface SettingsHandlerDeps {
  settings: SettingsService;
  /**
   * Runs the gateway's credential test for `environment` with the stored credentials. It may also
   * raise `CardlaneError` with `credentials_rejected` or `gateway_unavailable`.
   */
  testConnection(environment: Environment): Promise<ConnectionTestOutcome>;
}

const ENVIRONMENT_NAMES: Record<Environment, string> = {
  demo: 'demo',
  uat: 'UAT',
  production: 'production',
};

function describeOutcome(
  environment: Environment,
  outcome: ConnectionTestOutcome,
): Omit<ConnectionTestResult, 'at'> {
  const name = ENVIRONMENT_NAMES[environment];
  switch (outcome.status) {
    case 'ok':
      return {
        environment,
        ok: true,
        outcome: 'ok',
        message: `Connected: the ${name} gateway accepted the credentials.`,
      };
    case 'unauthorized':
      return {
        environment,
        ok: false,
        outcome: 'credentials_rejected',
        message: `The ${name} gateway rejected the credentials (401). Check the site name, the UAT or production choice and the API user.`,
      };
    case 'unreachable':
      return {
        environment,
        ok: false,
        outcome: 'unreachable',
        message: `Cardlane could not reach the ${name} gateway. Check the network connection and the site name.`,
      };
    case 'failed':
      return {
        environment,
        ok: false,
        outcome: 'failed',
        message:
          outcome.httpStatus === undefined
            ? `The ${name} gateway test failed. Try again later.`
            : `The ${name} gateway answered with HTTP ${outcome.httpStatus}. Try again later.`,
      };
  }
}

/** Registers the settings channels; every one of them needs a manager. */
export function registerSettingsHandlers(router: IpcRouter, deps: SettingsHandlerDeps): void {
  const { settings } = deps;
  const actorOf = (operator: { id: number; name: string } | null): { id: number; name: string } => {
    if (operator === null) throw new CardlaneError('not_authenticated', 'Log in first.');
    return { id: operator.id, name: operator.name };
  };

  router.handle('settings.get', () => settings.view());
  router.handle('settings.update', (input, context) =>
    settings.update(input, actorOf(context.operator)),
  );
  router.handle('settings.setCredentials', (input, context) =>
    settings.setCredentials(input, actorOf(context.operator)),
  );
  router.handle('settings.acceptPlainStorage', (_input, context) =>
    settings.acceptPlainStorage(actorOf(context.operator)),
  );
  router.handle('settings.confirmEnvironment', (_input, context) =>
    settings.confirmEnvironment(actorOf(context.operator)),
  );

  router.handle('settings.testConnection', async (input) => {
    const environment = input.environment ?? settings.read().environment;
    const at = new Date().toISOString();

    if (environment !== 'demo' && !settings.credentialStatus(environment).set) {
      const result: ConnectionTestResult = {
        environment,
        ok: false,
        outcome: 'not_configured',
        message: `No ${ENVIRONMENT_NAMES[environment]} credentials are stored. Enter the API user and password first.`,
        at,
      };
      settings.recordConnectionTest(result);
      return result;
    }

    let outcome: ConnectionTestOutcome;
    try {
      outcome = await deps.testConnection(environment);
    } catch (error) {
      if (isCardlaneError(error) && error.code === 'credentials_rejected') {
        outcome = { status: 'unauthorized' };
      } else if (isCardlaneError(error) && error.code === 'gateway_unavailable') {
        outcome = { status: 'unreachable' };
      } else {
        logger.error('connection test failed', { environment, error });
        outcome = { status: 'failed' };
      }
    }
    const result: ConnectionTestResult = { ...describeOutcome(environment, outcome), at };
    settings.recordConnectionTest(result);
    logger.info('connection test', { environment, outcome: result.outcome });
    return result;
  });
}
