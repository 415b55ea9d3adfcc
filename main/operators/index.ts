import type { DatabaseSync } from 'node:sqlite';

import { AuditLog } from '../journal/audit';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsService } from '../settings/service';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../settings/schema';
import { ApprovalService } from './approvals';
import { systemClock, type Clock } from './clock';
import { OperatorStore } from './operator-store';
import { PinHasher, type ScryptParams } from './pin-hash';
import { SessionManager } from './sessions';

export {
  ApprovalService,
  APPROVAL_TTL_MS,
  type ApprovalScope,
  type ApprovalUse,
} from './approvals';
export { systemClock, type Clock } from './clock';
export { registerOperatorHandlers, type OperatorHandlerDeps } from './handlers';
export { OperatorStore, type OperatorRecord } from './operator-store';
export { SessionManager } from './sessions';

export interface OperatorServices {
  operators: OperatorStore;
  sessions: SessionManager;
  approvals: ApprovalService;
}

export interface OperatorServicesOptions {
  db: DatabaseSync;
  secrets: SecretStore;
  audit: AuditLog;
  settings: SettingsService;
  clock?: Clock;
  /** Cost of new PIN hashes; tests lower it. */
  scryptParams?: ScryptParams;
}

/** Builds the operator store, the lane's session and the approval service over one database. */
export function createOperatorServices(options: OperatorServicesOptions): OperatorServices {
  const clock = options.clock ?? systemClock;
  const hasher = new PinHasher(options.secrets, options.scryptParams);
  const operators = new OperatorStore(options.db, options.secrets, options.audit, {
    hasher,
    clock,
  });
  const sessions = new SessionManager({
    operators,
    audit: options.audit,
    clock,
    idleLockMs: () => {
      const result = options.settings.tryRead();
      return (result.ok ? result.settings.idleLockSeconds : DEFAULT_IDLE_LOCK_SECONDS) * 1000;
    },
  });
  const approvals = new ApprovalService(operators, options.audit, { clock });
  return { operators, sessions, approvals };
}
