import { CardlaneError } from '../../common/errors';
import type { AuditLog } from '../journal/audit';
import type { IpcRouter } from '../ipc/router';
import type { SettingsService } from '../settings/service';
import type { ApprovalService } from './approvals';
import type { OperatorStore } from './operator-store';
import type { SessionManager } from './sessions';

export interface OperatorHandlerDeps {
  operators: OperatorStore;
  sessions: SessionManager;
  approvals: ApprovalService;
  audit: AuditLog;
  settings: SettingsService;
  appVersion: string;
}

function actorOf(operator: { id: number; name: string } | null): { id: number; name: string } {
  if (operator === null) throw new CardlaneError('not_authenticated', 'Log in first.');
  return { id: operator.id, name: operator.name };
}

/**
 * Registers the session, setup, operator, approval and audit channels. The router has already
 * checked each channel's role; handlers check what depends on the data (the last manager, setup
 * being open, a PIN).
 */
export function registerOperatorHandlers(router: IpcRouter, deps: OperatorHandlerDeps): void {
  const { operators, sessions, approvals, audit, settings } = deps;

  router.handle('session.status', () => {
    const result = settings.tryRead();
    const current = result.ok ? result.settings : settings.readOrDefaults();
    return {
      operator: sessions.currentOperator(),
      laneId: current.laneId,
      environment: current.environment,
      setupRequired: operators.setupRequired(),
      settingsError: result.ok ? null : result.error.message,
      appVersion: deps.appVersion,
      maxSaleMinor: current.maxSaleMinor,
      timeZone: current.timeZone,
    };
  });
  router.handle('session.listOperators', () => operators.loginList());
  router.handle('session.login', (input) => sessions.login(input.operatorId, input.pin));
  router.handle('session.logout', () => {
    sessions.logout();
    return null;
  });

  router.handle('setup.createFirstManager', async (input) => {
    if (!operators.setupRequired()) {
      throw new CardlaneError(
        'forbidden',
        'Cardlane is already set up; a manager adds operators in Operators.',
      );
    }
    if (
      input.environment !== 'demo' &&
      (input.site === undefined || input.site === null || input.merchantId === undefined)
    ) {
      throw new CardlaneError(
        'invalid_input',
        'UAT and production need the CardPointe site name and the merchant id.',
      );
    }
    // Reading first stops setup on an invalid settings file before any operator is created.
    settings.read();
    const manager = await operators.createFirstManager(input.name, input.pin);
    const actor = { id: manager.id, name: manager.name };
    settings.completeSetup(
      { environment: input.environment, site: input.site ?? null, merchantId: input.merchantId },
      actor,
    );
    return sessions.start({ ...manager, role: 'manager' });
  });

  router.handle('operators.list', () =>
    operators.list().map((record) => operators.toSummary(record)),
  );
  router.handle('operators.create', async (input, context) => {
    const record = await operators.create(input, actorOf(context.operator));
    return operators.toSummary(record);
  });
  router.handle('operators.update', (input, context) => {
    const { id, ...patch } = input;
    const record = operators.update(id, patch, actorOf(context.operator));
    sessions.operatorChanged(record);
    return operators.toSummary(record);
  });
  router.handle('operators.disable', (input, context) => {
    const record = operators.update(input.id, { disabled: true }, actorOf(context.operator));
    sessions.operatorChanged(record);
    return operators.toSummary(record);
  });
  router.handle('operators.resetPin', async (input, context) => {
    const record = await operators.resetPin(input.id, input.pin, actorOf(context.operator));
    return operators.toSummary(record);
  });

  router.handle('approval.request', (input, context) => {
    if (context.operator === null) throw new CardlaneError('not_authenticated', 'Log in first.');
    return approvals.grant(
      { managerId: input.managerId, pin: input.pin },
      { action: input.action, paymentId: input.paymentId, amountMinor: input.amountMinor },
      context.operator,
    );
  });

  router.handle('audit.verify', () => audit.verify());
  router.handle('audit.list', (input) => audit.list(input));
}
