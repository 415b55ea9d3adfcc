import type { SessionOperator } from '../../common/contract';
import type { AuditLog } from '../journal/audit';
import { createLogger } from '../log/logger';
import { systemClock, type Clock } from './clock';
import type { OperatorRecord, OperatorStore } from './operator-store';

const logger = createLogger('operators.session');

export type SessionEndReason = 'logout' | 'idle' | 'replaced' | 'operator_changed';

export interface SessionManagerOptions {
  operators: OperatorStore;
  audit: AuditLog;
  /** Idle time before the session locks, read again at every activity so settings apply at once. */
  idleLockMs: () => number;
  clock?: Clock;
}

/**
 * The lane's one operator session. Main decides every permission from `currentOperator()`, which
 * also enforces the idle lock: after `idleLockMs` without activity the session ends, even if the
 * timer that announces it has not fired yet. An open sale is not touched; it belongs to the lane.
 */
export class SessionManager {
  private operator: SessionOperator | null = null;
  private lastActivityMs = 0;
  private cancelTimer: (() => void) | null = null;
  private readonly listeners = new Set<
    (operator: SessionOperator | null, reason: SessionEndReason | 'login') => void
  >();
  private readonly clock: Clock;

  constructor(private readonly options: SessionManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Returns the logged-in operator, or null when no one is logged in or the session has gone idle. */
  currentOperator(): SessionOperator | null {
    if (
      this.operator !== null &&
      this.clock.now() - this.lastActivityMs >= this.options.idleLockMs()
    ) {
      this.end('idle');
    }
    return this.operator;
  }

  /** Checks the PIN and starts a session; a session already open is ended first. */
  async login(operatorId: number, pin: string): Promise<SessionOperator> {
    const record = await this.options.operators.authenticate(operatorId, pin, 'login');
    return this.start(record);
  }

  /** Starts a session for an operator whose PIN was checked elsewhere (first-start setup). */
  start(record: OperatorRecord & { role: NonNullable<OperatorRecord['role']> }): SessionOperator {
    if (this.operator !== null) this.end('replaced');
    this.operator = { id: record.id, name: record.name, role: record.role };
    this.options.audit.append({
      operator: this.operator,
      action: 'login',
      detail: { role: record.role, integrity: record.integrity },
    });
    logger.info('operator logged in', { operatorId: record.id, role: record.role });
    this.touch();
    this.notify('login');
    return this.operator;
  }

  logout(): void {
    if (this.operator !== null) this.end('logout');
  }

  /** Records activity and restarts the idle timer. */
  touch(): void {
    if (this.operator === null) return;
    this.lastActivityMs = this.clock.now();
    this.cancelTimer?.();
    this.cancelTimer = this.clock.schedule(() => {
      this.cancelTimer = null;
      this.currentOperator();
    }, this.options.idleLockMs());
  }

  /**
   * Ends the session when its operator was disabled or changed role, and takes over a new name.
   * Called after a manager edits operators, so changed rights never outlive the old session.
   */
  operatorChanged(record: OperatorRecord): void {
    if (this.operator === null || this.operator.id !== record.id) return;
    if (record.disabled || record.role !== this.operator.role) {
      this.end('operator_changed');
      return;
    }
    this.operator = { ...this.operator, name: record.name };
  }

  /** Calls `listener` on every login and session end; returns the unsubscribe function. */
  onChange(
    listener: (operator: SessionOperator | null, reason: SessionEndReason | 'login') => void,
  ): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private end(reason: SessionEndReason): void {
    const operator = this.operator;
    this.operator = null;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (operator === null) return;
    this.options.audit.append({
      operator,
      action: reason === 'idle' ? 'session_locked' : 'logout',
      detail: { reason },
    });
    logger.info('session ended', { operatorId: operator.id, reason });
    this.notify(reason);
  }

  private notify(reason: SessionEndReason | 'login'): void {
    for (const listener of this.listeners) {
      try {
        listener(this.operator, reason);
      } catch (error) {
        logger.warn('session listener failed', { error });
      }
    }
  }
}
