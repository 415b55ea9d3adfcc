/**
 * The PAE terminal driver: finds the device, keeps the connection alive and runs payments through
 * one `PaeSession` at a time. Connection states follow the PAE state machine: closed → probing →
 * idle → in payment (→ cancelling) → idle. Recovering follows a payment whose end was lost,
 * rebooting follows RBT, and faulted means the lane must stop or the device is not ready.
 */
import type { BindingInterface, PortInfo } from '../serial-types';

import type {
  TerminalFlags,
  TerminalIdentity,
  TerminalState,
  TerminalStatus,
} from '../../../common/contract';
import { CardlaneError } from '../../../common/errors';
import { createLogger, type Logger } from '../../log/logger';
import type {
  PaymentTerminal,
  TerminalCancelResult,
  TerminalEvents,
  TerminalSaleHooks,
  TerminalSaleOutcome,
  TerminalSaleRequest,
} from '../types';
import type { PaeFrame } from './codec';
import { DEFAULT_USB_IDS, findCandidatePaths, type UsbId } from './discovery';
import { dptRequestData, validateSaleRequest } from './dpt';
import { parseIdentity, parseOfflineStored, parseStatusFlags } from './messages';
import { describeResponse, generalCode, PaeCode } from './responses';
import { PaeSession, SessionError, type ChecksumPolicy, type CommandKey } from './session';
import { COMMAND_ATTEMPTS, DEFAULT_TIMEOUTS, type TerminalTimeouts } from './timeouts';
import { openSerialLink, type SerialLink } from './transport';

export interface PaeTerminalOptions {
  /** The serialport binding; when absent, `loadBinding` supplies it on `start()`. */
  binding?: BindingInterface;
  loadBinding?: () => Promise<BindingInterface>;
  /** A fixed serial path, or null to discover the terminal by USB id. */
  path: string | null;
  /** The serial number (HSN) the terminal must report in GTI; null accepts the first found. */
  serialNumber: string | null;
  /** The merchant id every approval must carry. */
  merchantId: string;
  /** Lists serial ports; defaults to the binding's `list()`. */
  list?: () => Promise<PortInfo[]>;
  timeouts?: Partial<TerminalTimeouts>;
  logger?: Logger;
  checksumPolicy?: ChecksumPolicy;
  usbIds?: UsbId[];
  usbSerialNumber?: string | null;
}

interface Connection {
  path: string;
  link: SerialLink;
  session: PaeSession;
}

type HandshakeResult =
  | { ok: true; identity: TerminalIdentity; flags: TerminalFlags }
  | { ok: false; reason: string; wrongSerial: boolean };

/** Retrefs remembered to refuse a replayed approval; old ones fall out first. */
const SEEN_RETREF_LIMIT = 10_000;

export class PaeTerminal implements PaymentTerminal {
  private readonly timeouts: TerminalTimeouts;
  private readonly logger: Logger;
  private binding: BindingInterface | null;
  private connection: Connection | null = null;
  private state: TerminalState = 'closed';
  private reason: string | null = null;
  private identity: TerminalIdentity | null = null;
  private flags: TerminalFlags | null = null;
  private prompt: string | null = null;
  /** Set when the lane must stop (wrong serial number, wrong merchant id) until `start()` again. */
  private laneStopReason: string | null = null;
  private stopped = true;
  private saleStarting = false;
  private pinnedSerialNumber: string | null = null;
  /** When the device was first seen still in a payment, for the recovering time limit. */
  private recoveringSince = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<boolean> | null = null;
  private commandTail: Promise<unknown> = Promise.resolve();
  private readonly seenRetrefs = new Set<string>();
  private readonly listeners: { [E in keyof TerminalEvents]: Set<TerminalEvents[E]> } = {
    status: new Set(),
    prompt: new Set(),
  };

  constructor(private readonly options: PaeTerminalOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.logger = options.logger ?? createLogger('terminal');
    this.binding = options.binding ?? null;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.laneStopReason = null;
    if (this.binding === null) {
      try {
        if (this.options.loadBinding === undefined) {
          throw new Error('no serial port binding was configured');
        }
        this.binding = await this.options.loadBinding();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error('Serial port binding failed to load; the terminal is unavailable', {
          error: message,
        });
        this.setState('unavailable', `The serial port support failed to load: ${message}`);
        return;
      }
    }
    this.setState('closed', 'Looking for the terminal');
    const connected = await this.connectOnce();
    if (!connected) {
      this.scheduleReconnect(this.timeouts.reconnectPollMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const connection = this.connection;
    this.connection = null;
    if (connection !== null) {
      connection.session.close('the driver stopped');
      await connection.link.close();
    }
    this.setState('closed', null);
  }

  status(): TerminalStatus {
    return {
      state: this.state,
      reason: this.reason,
      path: this.connection?.path ?? null,
      identity: this.identity,
      flags: this.flags,
      prompt: this.prompt,
    };
  }

  async identify(): Promise<TerminalIdentity> {
    const connection = this.requireConnection();
    const frame = await this.runCommand(connection, 'GTI');
    const identity = parseIdentity(frame.data);
    if (generalCode(frame.code) !== PaeCode.OK || !identity.ok) {
      throw new CardlaneError(
        'terminal_unavailable',
        `The terminal did not report its identity (${frame.code}).`,
      );
    }
    this.identity = identity.value;
    this.emitStatus();
    return identity.value;
  }

  async readFlags(): Promise<TerminalFlags> {
    const connection = this.requireConnection();
    const flags = await this.readStatus(connection);
    if (flags === null) {
      throw new CardlaneError('terminal_unavailable', 'The terminal did not report its status.');
    }
    this.flags = flags;
    this.emitStatus();
    return flags;
  }

  async sale(
    request: TerminalSaleRequest,
    hooks: TerminalSaleHooks = {},
  ): Promise<TerminalSaleOutcome> {
    this.assertCanStartSale();
    const invalid = validateSaleRequest(request);
    if (invalid !== null) {
      throw new CardlaneError('invalid_input', `The terminal sale request is invalid: ${invalid}.`);
    }
    const connection = this.requireConnection();

    this.saleStarting = true;
    try {
      // Let a status command already on the line finish; the device handles one at a time.
      await this.commandTail.catch(() => undefined);
      if (this.connection !== connection || connection.session.paymentOpen) {
        throw new CardlaneError(
          'terminal_disconnected',
          'The terminal connection changed; try again.',
        );
      }
      this.prompt = null;
      this.setState('in_payment', null);
      this.logger.info('Payment started', {
        orderId: request.orderId,
        amountMinor: request.amountMinor,
      });

      const context = {
        orderId: request.orderId,
        amountMinor: request.amountMinor,
        merchantId: this.options.merchantId,
        isRetrefSeen: (retref: string) => this.seenRetrefs.has(retref),
      };
      const sessionHooks: TerminalSaleHooks = {
        onPrompt: (prompt) => {
          this.prompt = prompt.text;
          this.emitStatus();
          for (const listener of this.listeners.prompt) {
            listener(prompt);
          }
          hooks.onPrompt?.(prompt);
        },
      };
      let outcome: TerminalSaleOutcome;
      try {
        outcome = await connection.session.pay(context, dptRequestData(request), sessionHooks, () =>
          hooks.onSent?.(),
        );
      } catch (error) {
        if (error instanceof SessionError) {
          if (this.connection === connection) {
            this.setState('idle', null);
          }
          throw new CardlaneError(
            'terminal_disconnected',
            `The payment was not sent: ${error.message}.`,
          );
        }
        throw error;
      }
      this.finishPayment(request.orderId, outcome);
      return outcome;
    } finally {
      this.saleStarting = false;
    }
  }

  async cancel(): Promise<TerminalCancelResult> {
    const connection = this.connection;
    if (connection === null || !connection.session.paymentOpen) {
      return 'no_payment';
    }
    this.setState('cancelling', null);
    let frame: PaeFrame | null = null;
    // CPT is safe to send twice: a second cancel of the same payment changes nothing.
    for (let attempt = 0; attempt < 2 && frame === null; attempt++) {
      try {
        frame = await connection.session.command('CPT');
      } catch (error) {
        this.logger.warn('Cancel request failed', { attempt, error: (error as Error).message });
      }
    }
    const stillPaying = connection.session.paymentOpen && this.connection === connection;
    const code = frame === null ? null : generalCode(frame.code);
    if (code === PaeCode.OK) {
      return 'cancelled';
    }
    if (stillPaying) {
      this.setState('in_payment', null);
    }
    if (code === PaeCode.CANNOT_CANCEL) {
      connection.session.markCancelRejected();
      return 'card_already_read';
    }
    if (code === PaeCode.NO_ACTIVE_PAYMENT) {
      return 'no_payment';
    }
    return 'failed';
  }

  async reboot(): Promise<void> {
    const connection = this.requireConnection();
    if (connection.session.paymentOpen || this.saleStarting) {
      throw new CardlaneError('terminal_busy', 'The terminal cannot reboot during a payment.');
    }
    const frame = await this.runCommand(connection, 'RBT');
    if (generalCode(frame.code) !== PaeCode.OK) {
      throw new CardlaneError(
        'terminal_unavailable',
        `The terminal refused to reboot: ${describeResponse(frame.code)}.`,
      );
    }
    this.logger.info('Terminal rebooting', { path: connection.path });
    this.setState('rebooting', 'The terminal is restarting');
    // The device drops the port while it restarts; close the handle now rather than wait for it.
    await this.dropConnection(connection, 'reboot');
    this.scheduleReconnect(this.timeouts.rebootSettleMs);
  }

  on<E extends keyof TerminalEvents>(event: E, listener: TerminalEvents[E]): () => void {
    const set = this.listeners[event] as Set<TerminalEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  // ---- connection --------------------------------------------------------------------------

  private connectOnce(): Promise<boolean> {
    if (this.connecting === null) {
      this.connecting = this.tryConnect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async tryConnect(): Promise<boolean> {
    const binding = this.binding;
    if (binding === null || this.stopped || this.connection !== null) {
      return this.connection !== null;
    }
    const { paths, listError } = await findCandidatePaths({
      path: this.options.path,
      list: this.options.list ?? (() => binding.list()),
      usbIds: this.options.usbIds ?? DEFAULT_USB_IDS,
      usbSerialNumber: this.options.usbSerialNumber ?? null,
      logger: this.logger,
    });

    const failures: string[] = [];
    for (const path of paths) {
      if (this.stopped) {
        return false;
      }
      const result = await this.tryPath(binding, path);
      if (result === 'connected') {
        return true;
      }
      if (result === 'lane_stopped') {
        return false;
      }
      failures.push(result);
    }

    const rebooting = this.state === 'rebooting';
    const summary =
      paths.length === 0
        ? `No terminal found${listError === null ? '' : ` (listing serial ports failed: ${listError})`}`
        : `No terminal answered: ${failures.join('; ')}`;
    this.setState(
      rebooting ? 'rebooting' : 'closed',
      rebooting ? `The terminal is restarting. ${summary}` : summary,
    );
    return false;
  }

  /** Opens one path and runs the handshake; returns 'connected', 'lane_stopped' or why it failed. */
  private async tryPath(binding: BindingInterface, path: string): Promise<string> {
    let session: PaeSession | null = null;
    let link: SerialLink;
    try {
      link = await openSerialLink(binding, path, {
        onData: (chunk) => session?.receive(chunk),
        onEnd: (reason, requested) => {
          if (!requested) {
            this.onLinkEnded(path, reason);
          }
          session?.close(reason);
        },
      });
    } catch (error) {
      return `${path}: ${(error as Error).message}`;
    }
    session = new PaeSession({
      write: (bytes) => link.write(bytes),
      logger: this.logger,
      timeouts: this.timeouts,
      checksumPolicy: this.options.checksumPolicy ?? 'strict',
    });
    const connection: Connection = { path, link, session };
    if (this.state !== 'rebooting') {
      this.setState('probing', null);
    }

    const handshake = await this.handshake(connection);
    if (!handshake.ok) {
      session.close(handshake.reason);
      await link.close();
      if (
        handshake.wrongSerial &&
        path === this.options.path &&
        this.options.serialNumber !== null
      ) {
        this.stopLane(handshake.reason);
        return 'lane_stopped';
      }
      return `${path}: ${handshake.reason}`;
    }
    if (this.stopped) {
      session.close('the driver stopped');
      await link.close();
      return `${path}: the driver stopped`;
    }

    this.connection = connection;
    this.identity = handshake.identity;
    this.pinnedSerialNumber ??= handshake.identity.serialNumber;
    this.logger.info('Terminal connected', { path, serialNumber: handshake.identity.serialNumber });
    this.applyFlags(handshake.flags);
    this.scheduleHeartbeat();
    return 'connected';
  }

  private async handshake(connection: Connection): Promise<HandshakeResult> {
    let identityFrame: PaeFrame;
    try {
      identityFrame = await this.commandWhenStarted(connection, 'GTI');
    } catch (error) {
      return { ok: false, reason: (error as Error).message, wrongSerial: false };
    }
    if (generalCode(identityFrame.code) !== PaeCode.OK) {
      return {
        ok: false,
        reason: `GTI failed: ${describeResponse(identityFrame.code)}`,
        wrongSerial: false,
      };
    }
    const identity = parseIdentity(identityFrame.data);
    if (!identity.ok) {
      return { ok: false, reason: identity.message, wrongSerial: false };
    }
    const expected = this.options.serialNumber ?? this.pinnedSerialNumber;
    if (expected !== null && identity.value.serialNumber !== expected) {
      const reason = `The terminal on ${connection.path} reports serial number ${identity.value.serialNumber}, expected ${expected}.`;
      // A terminal the settings do not name may replace the one seen before on a fixed path.
      const configured =
        this.options.serialNumber !== null || connection.path !== this.options.path;
      if (configured) {
        return { ok: false, reason, wrongSerial: true };
      }
      this.logger.warn('A different terminal replied on the configured path', {
        path: connection.path,
      });
      this.pinnedSerialNumber = identity.value.serialNumber;
    }
    const flags = await this.readStatus(connection).catch(() => null);
    if (flags === null) {
      return { ok: false, reason: 'GCS returned no valid status', wrongSerial: false };
    }
    return { ok: true, identity: identity.value, flags };
  }

  /** Runs an idempotent command, waiting out the device's "PAE is starting" window. */
  private async commandWhenStarted(connection: Connection, key: CommandKey): Promise<PaeFrame> {
    const deadline = Date.now() + this.timeouts.startingMaxMs;
    for (;;) {
      const frame = await this.runCommand(connection, key);
      if (generalCode(frame.code) !== PaeCode.STARTING) {
        return frame;
      }
      if (Date.now() >= deadline) {
        throw new Error(`the terminal was still starting after ${this.timeouts.startingMaxMs} ms`);
      }
      await delay(this.timeouts.startingRetryMs);
    }
  }

  /** GCS, then GOT for the count of sales stored offline. Resolves null when GCS fails. */
  private async readStatus(connection: Connection): Promise<TerminalFlags | null> {
    const statusFrame = await this.runCommand(connection, 'GCS');
    const parsed = parseStatusFlags(statusFrame.data);
    if (generalCode(statusFrame.code) !== PaeCode.OK || !parsed.ok) {
      this.logger.warn('Status reply is not usable', { code: statusFrame.code });
      return null;
    }
    const flags = parsed.value;
    try {
      const offlineFrame = await this.runCommand(connection, 'GOT');
      const stored = parseOfflineStored(offlineFrame.data);
      if (generalCode(offlineFrame.code) === PaeCode.OK && stored.ok) {
        flags.offlineTransactionsWaiting = flags.offlineRecovery || stored.value > 0;
      }
    } catch (error) {
      this.logger.warn('Offline store query failed', { error: (error as Error).message });
    }
    return flags;
  }

  /**
   * Sends one command after any command already on the line. GTI, GCS and GOT are idempotent and
   * are sent again after a timeout or a checksum complaint; CPT and RBT are sent once.
   */
  private runCommand(connection: Connection, key: CommandKey): Promise<PaeFrame> {
    const attempts = key === 'GTI' || key === 'GCS' || key === 'GOT' ? COMMAND_ATTEMPTS : 1;
    const run = async (): Promise<PaeFrame> => {
      let lastError: Error | null = null;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const frame = await connection.session.command(key);
          if (generalCode(frame.code) === PaeCode.INVALID_CHECKSUM && attempt < attempts) {
            this.logger.warn('Terminal rejected the checksum of a command; sending it again', {
              key,
              attempt,
            });
            continue;
          }
          return frame;
        } catch (error) {
          lastError = error as Error;
          if (!(error instanceof SessionError) || error.kind !== 'timeout') {
            break;
          }
          this.logger.warn('Terminal command timed out', { key, attempt });
        }
      }
      throw lastError ?? new SessionError('timeout', `${key} got no usable reply`);
    };
    const result = this.commandTail.catch(() => undefined).then(run);
    this.commandTail = result;
    return result;
  }

  private onLinkEnded(path: string, reason: string): void {
    const connection = this.connection;
    if (connection === null || connection.path !== path) {
      return;
    }
    this.logger.warn('Terminal connection lost', { path, reason });
    void this.dropConnection(connection, `The terminal connection was lost (${reason}).`);
    if (this.state !== 'rebooting' && this.laneStopReason === null) {
      this.setState(
        'closed',
        `The terminal connection was lost (${reason}). Looking for it again.`,
      );
    }
    this.scheduleReconnect(this.timeouts.reconnectPollMs);
  }

  /** Closes the handle of a connection that is gone or given up, at once. */
  private async dropConnection(connection: Connection, reason: string): Promise<void> {
    if (this.connection === connection) {
      this.connection = null;
    }
    if (this.heartbeatTimer !== null) {
      clearTimeout(this.heartbeatTimer);
      this.heartbeatTimer = null;
    }
    connection.session.close(reason);
    await connection.link.close().catch(() => undefined);
  }

  private scheduleReconnect(ms: number): void {
    if (this.stopped || this.laneStopReason !== null || this.reconnectTimer !== null) {
      return;
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connectOnce().then((connected) => {
        if (!connected) {
          this.scheduleReconnect(this.timeouts.reconnectPollMs);
        }
      });
    }, ms);
  }

  // ---- heartbeat and recovery -------------------------------------------------------------

  private scheduleHeartbeat(): void {
    if (this.heartbeatTimer !== null) {
      clearTimeout(this.heartbeatTimer);
    }
    if (this.stopped) {
      return;
    }
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = null;
      void this.heartbeat();
    }, this.heartbeatInterval());
  }

  /** While the device reports a payment it still runs, poll faster than the idle heartbeat. */
  private heartbeatInterval(): number {
    return this.state === 'recovering' ? this.timeouts.recoveringPollMs : this.timeouts.heartbeatMs;
  }

  private async heartbeat(): Promise<void> {
    const connection = this.connection;
    if (connection === null || this.stopped) {
      return;
    }
    if (this.saleStarting || connection.session.paymentOpen || this.state === 'cancelling') {
      this.scheduleHeartbeat();
      return;
    }
    let flags: TerminalFlags | null;
    try {
      flags = await this.readStatus(connection);
    } catch (error) {
      if (this.connection !== connection) {
        return;
      }
      const reason = `The terminal stopped replying to status requests (${(error as Error).message}).`;
      this.logger.warn('Terminal heartbeat failed; treating the terminal as disconnected', {
        path: connection.path,
      });
      await this.dropConnection(connection, reason);
      if (this.laneStopReason === null) {
        this.setState('closed', `${reason} Looking for it again.`);
      }
      this.scheduleReconnect(this.timeouts.reconnectPollMs);
      return;
    }
    if (this.connection !== connection) {
      return;
    }
    if (flags !== null && !connection.session.paymentOpen && !this.saleStarting) {
      this.applyFlags(flags);
    }
    this.scheduleHeartbeat();
  }

  /** Sets the state the latest status flags call for, when no payment runs. */
  private applyFlags(flags: TerminalFlags): void {
    this.flags = flags;
    if (this.laneStopReason !== null) {
      this.emitStatus();
      return;
    }
    if (flags.inPayment) {
      if (this.state !== 'recovering') {
        this.recoveringSince = Date.now();
      }
      const waited = Date.now() - this.recoveringSince;
      if (waited > this.timeouts.recoveringMaxMs) {
        this.setState(
          'faulted',
          'The terminal has reported a payment in progress for too long; restart it.',
        );
      } else {
        this.setState('recovering', 'The terminal is finishing a payment.');
      }
      return;
    }
    const problems: string[] = [];
    if (!flags.started) problems.push('its payment application has not started');
    if (!flags.registered) problems.push('it is not registered with CardPointe');
    if (!flags.encryption) problems.push('encryption is not enabled');
    if (flags.appLoaderStatus === 'Install Pending' || flags.appLoaderStatus === 'Installing') {
      problems.push(
        `a software update is ${flags.appLoaderStatus === 'Installing' ? 'installing' : 'pending'}`,
      );
    }
    if (problems.length > 0) {
      this.setState('faulted', `The terminal is not ready: ${problems.join(', ')}.`);
      return;
    }
    this.setState('idle', null);
  }

  private finishPayment(orderId: string, outcome: TerminalSaleOutcome): void {
    this.prompt = null;
    this.logger.info('Payment ended', { orderId, outcome: outcome.kind });
    if (outcome.kind === 'approved' && outcome.approval.retref !== null) {
      this.rememberRetref(outcome.approval.retref);
    }
    if (outcome.kind === 'merchant_mismatch') {
      this.stopLane(outcome.message);
      return;
    }
    if (this.connection === null || this.laneStopReason !== null) {
      this.emitStatus();
      return;
    }
    const deviceMayStillRun =
      outcome.kind === 'unknown' ||
      (outcome.kind === 'failed' &&
        generalCode(outcome.responseCode) === PaeCode.PAYMENT_IN_PROGRESS);
    if (deviceMayStillRun) {
      // Find out from GCS whether the device still runs a payment before taking another.
      this.recoveringSince = Date.now();
      this.setState('recovering', 'Checking whether the terminal is still in a payment.');
      if (this.heartbeatTimer !== null) {
        clearTimeout(this.heartbeatTimer);
      }
      this.heartbeatTimer = setTimeout(() => {
        this.heartbeatTimer = null;
        void this.heartbeat();
      }, 0);
      return;
    }
    this.setState('idle', null);
  }

  private rememberRetref(retref: string): void {
    this.seenRetrefs.add(retref);
    if (this.seenRetrefs.size > SEEN_RETREF_LIMIT) {
      const oldest = this.seenRetrefs.values().next().value;
      if (oldest !== undefined) {
        this.seenRetrefs.delete(oldest);
      }
    }
  }

  private stopLane(reason: string): void {
    this.logger.error('Terminal lane stopped', { reason });
    this.laneStopReason = reason;
    if (this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.setState('faulted', reason);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private assertCanStartSale(): void {
    if (this.state === 'unavailable') {
      throw new CardlaneError(
        'terminal_unavailable',
        this.reason ?? 'The terminal is unavailable.',
      );
    }
    if (this.laneStopReason !== null) {
      throw new CardlaneError('terminal_unavailable', this.laneStopReason);
    }
    if (this.saleStarting || this.state === 'in_payment' || this.state === 'cancelling') {
      throw new CardlaneError('terminal_busy', 'The terminal is already taking a payment.');
    }
    if (this.connection === null) {
      throw new CardlaneError(
        'terminal_disconnected',
        this.reason ?? 'The terminal is not connected.',
      );
    }
    if (this.state !== 'idle') {
      throw new CardlaneError(
        'terminal_unavailable',
        this.reason ?? `The terminal is ${this.state}.`,
      );
    }
  }

  private requireConnection(): Connection {
    if (this.connection === null) {
      throw new CardlaneError(
        'terminal_disconnected',
        this.reason ?? 'The terminal is not connected.',
      );
    }
    return this.connection;
  }

  private clearTimers(): void {
    for (const timer of [this.reconnectTimer, this.heartbeatTimer]) {
      if (timer !== null) {
        clearTimeout(timer);
      }
    }
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
  }

  private setState(state: TerminalState, reason: string | null): void {
    if (state !== this.state) {
      this.logger.info('Terminal state changed', { from: this.state, to: state, reason });
    }
    this.state = state;
    this.reason = reason;
    this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status();
    for (const listener of this.listeners.status) {
      listener(status);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
