/**
 * One PAE conversation over an open link: frames in and out, one outstanding command at a time,
 * and at most one DPT whose prompt and final frames are matched to it. A DPT is never resent;
 * when its final frame does not come, the payment ends as `unknown`.
 */
import { describeBytes, type Logger } from '../../log/logger';
import type { TerminalSaleHooks, TerminalSaleOutcome } from '../types';
import { decodeFrame, encodeFrame, type PaeFrame } from './codec';
import { interpretDptFrame, type DptContext } from './dpt';
import { PaeFramer, type DroppedBytes } from './framer';
import { GARBLED_FRAME_LIMIT, type TerminalTimeouts } from './timeouts';

export type CommandKey = 'GTI' | 'GCS' | 'GOT' | 'CPT' | 'RBT';

/** The checksum policy for device replies: `strict` drops a frame whose CRC does not verify. */
export type ChecksumPolicy = 'strict' | 'lenient';

export class SessionError extends Error {
  constructor(
    readonly kind: 'timeout' | 'closed' | 'busy' | 'write_failed',
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export interface SessionOptions {
  write(bytes: Buffer): Promise<void>;
  logger: Logger;
  timeouts: TerminalTimeouts;
  checksumPolicy: ChecksumPolicy;
}

interface PendingCommand {
  key: CommandKey;
  resolve(frame: PaeFrame): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface OpenPayment {
  context: DptContext;
  hooks: TerminalSaleHooks;
  resolve(outcome: TerminalSaleOutcome): void;
  written: boolean;
  sawFrame: boolean;
  garbled: number;
  cancelRejected: boolean;
  watchdog: NodeJS.Timeout | null;
  ceiling: NodeJS.Timeout | null;
}

export class PaeSession {
  private readonly framer = new PaeFramer();
  private pending: PendingCommand | null = null;
  private payment: OpenPayment | null = null;
  private partialTimer: NodeJS.Timeout | null = null;
  private closedReason: string | null = null;
  /** The key of the last frame written, to route a `PAE`-key error reply. */
  private lastWritten: CommandKey | 'DPT' | null = null;

  constructor(private readonly options: SessionOptions) {}

  get paymentOpen(): boolean {
    return this.payment !== null;
  }

  get commandPending(): boolean {
    return this.pending !== null;
  }

  /** Sends a command and resolves with its reply frame, whatever its response code. */
  command(key: CommandKey, data = ''): Promise<PaeFrame> {
    if (this.closedReason !== null) {
      return Promise.reject(new SessionError('closed', this.closedReason));
    }
    if (this.pending !== null) {
      return Promise.reject(
        new SessionError('busy', `${this.pending.key} is still waiting for its reply`),
      );
    }
    return new Promise<PaeFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(
          new SessionError(
            'timeout',
            `${key} got no reply within ${this.options.timeouts.responseMs} ms`,
          ),
        );
      }, this.options.timeouts.responseMs);
      this.pending = { key, resolve, reject, timer };
      this.lastWritten = key;
      this.options
        .write(encodeFrame({ key, type: 'CMD', code: '1', data }))
        .catch((error: Error) => {
          this.settleCommand(
            null,
            new SessionError('write_failed', `writing ${key} failed: ${error.message}`),
          );
        });
    });
  }

  /**
   * Writes one DPT and resolves with its outcome. Resolves `unknown` rather than rejecting once
   * the frame may have reached the device; `onWritten` runs after the write completed.
   */
  pay(
    context: DptContext,
    data: string,
    hooks: TerminalSaleHooks,
    onWritten: () => void,
  ): Promise<TerminalSaleOutcome> {
    if (this.closedReason !== null) {
      return Promise.reject(new SessionError('closed', this.closedReason));
    }
    if (this.payment !== null) {
      return Promise.reject(new SessionError('busy', 'a payment is already open'));
    }
    return new Promise<TerminalSaleOutcome>((resolve) => {
      const payment: OpenPayment = {
        context,
        hooks,
        resolve,
        written: false,
        sawFrame: false,
        garbled: 0,
        cancelRejected: false,
        watchdog: null,
        ceiling: null,
      };
      this.payment = payment;
      this.lastWritten = 'DPT';
      this.options
        .write(encodeFrame({ key: 'DPT', type: 'CMD', code: '1', data }))
        .then(() => {
          if (this.payment !== payment) {
            return;
          }
          payment.written = true;
          this.armWatchdog(payment, this.options.timeouts.dptFirstFrameMs, 'no first reply');
          payment.ceiling = setTimeout(
            () =>
              this.endPayment(payment, {
                kind: 'unknown',
                reason: 'the payment exceeded its time limit',
              }),
            this.options.timeouts.dptCeilingMs,
          );
          onWritten();
        })
        .catch((error: Error) => {
          // Part of the frame may have gone out, so the device may be charging the card.
          this.endPayment(payment, {
            kind: 'unknown',
            reason: `writing the DPT failed: ${error.message}`,
          });
        });
    });
  }

  /** Records a CPT reply of "cannot cancel", so an approval that follows is marked as after a cancel. */
  markCancelRejected(): void {
    if (this.payment !== null) {
      this.payment.cancelRejected = true;
    }
  }

  /** Bytes received from the link. */
  receive(chunk: Buffer): void {
    const { frames, dropped } = this.framer.push(chunk);
    for (const entry of dropped) {
      this.reportDropped(entry);
    }
    for (const bytes of frames) {
      this.handleFrameBytes(bytes);
    }
    this.armPartialTimer();
  }

  /** Ends the session: a pending command rejects and an open payment ends as `unknown`. */
  close(reason: string): void {
    if (this.closedReason !== null) {
      return;
    }
    this.closedReason = reason;
    if (this.partialTimer !== null) {
      clearTimeout(this.partialTimer);
    }
    this.settleCommand(null, new SessionError('closed', reason));
    if (this.payment !== null) {
      this.endPayment(this.payment, {
        kind: 'unknown',
        reason: `the terminal connection ended (${reason})`,
      });
    }
  }

  private handleFrameBytes(bytes: Buffer): void {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) {
      this.options.logger.warn('Terminal frame is malformed; ignored', {
        problem: decoded.message,
        ...describeBytes(bytes),
      });
      this.countGarbled(decoded.message);
      return;
    }
    const frame = decoded.frame;
    if (!frame.checksumValid) {
      if (this.options.checksumPolicy === 'strict') {
        this.options.logger.warn('Terminal frame checksum does not verify; ignored', {
          key: frame.key,
          code: frame.code,
          ...describeBytes(bytes),
        });
        this.countGarbled('bad checksum');
        return;
      }
      this.options.logger.warn(
        'Terminal frame checksum does not verify; accepted (lenient policy)',
        {
          key: frame.key,
          code: frame.code,
        },
      );
    }
    if (frame.type !== 'RESP') {
      this.options.logger.warn('Terminal sent a command frame; ignored', {
        key: frame.key,
        ...describeBytes(bytes),
      });
      return;
    }

    if (frame.key === 'DPT') {
      this.handlePaymentFrame(frame, bytes);
      return;
    }
    if (frame.key === 'PAE') {
      this.handleInternalError(frame);
      return;
    }
    if (this.pending !== null && this.pending.key === frame.key) {
      this.settleCommand(frame, null);
      return;
    }
    this.options.logger.warn('Terminal reply matches no outstanding command; ignored', {
      key: frame.key,
      code: frame.code,
      ...describeBytes(bytes),
    });
  }

  private handlePaymentFrame(frame: PaeFrame, bytes: Buffer): void {
    const payment = this.payment;
    if (payment === null || !payment.written) {
      this.options.logger.warn('Payment reply arrived with no payment open; ignored', {
        code: frame.code,
        ...describeBytes(bytes),
      });
      return;
    }
    const meaning = interpretDptFrame(frame, payment.context);
    switch (meaning.kind) {
      case 'prompt':
        payment.sawFrame = true;
        this.armWatchdog(
          payment,
          this.options.timeouts.dptInactivityMs,
          'silence during the payment',
        );
        payment.hooks.onPrompt?.(meaning.prompt);
        return;
      case 'foreign':
        this.options.logger.warn('Payment reply is not for the payment in flight; ignored', {
          why: meaning.why,
          orderId: payment.context.orderId,
          ...describeBytes(bytes),
        });
        return;
      case 'garbled':
        this.countGarbled(meaning.why);
        return;
      case 'final': {
        const outcome = meaning.outcome;
        if (outcome.kind === 'approved' && payment.cancelRejected) {
          this.endPayment(payment, { ...outcome, afterCancel: true });
        } else {
          this.endPayment(payment, outcome);
        }
        return;
      }
    }
  }

  /** Routes a `PAE`-key reply, a protocol error about the last frame written (bad checksum, starting). */
  private handleInternalError(frame: PaeFrame): void {
    if (this.lastWritten === 'DPT' && this.payment !== null && !this.payment.sawFrame) {
      this.endPayment(this.payment, {
        kind: 'failed',
        responseCode: frame.code,
        message: `The terminal rejected the payment request (${frame.code})`,
      });
      return;
    }
    if (this.pending !== null) {
      this.settleCommand(frame, null);
      return;
    }
    this.options.logger.warn('Terminal reported a protocol error with nothing outstanding', {
      code: frame.code,
    });
  }

  private countGarbled(why: string): void {
    const payment = this.payment;
    if (payment === null || !payment.written) {
      return;
    }
    payment.garbled += 1;
    if (payment.garbled >= GARBLED_FRAME_LIMIT) {
      this.endPayment(payment, {
        kind: 'unknown',
        reason: `${payment.garbled} unreadable frames during the payment (last: ${why})`,
      });
    }
  }

  private armWatchdog(payment: OpenPayment, ms: number, what: string): void {
    if (payment.watchdog !== null) {
      clearTimeout(payment.watchdog);
    }
    payment.watchdog = setTimeout(
      () =>
        this.endPayment(payment, {
          kind: 'unknown',
          reason: `${what}: no frame from the terminal for ${ms} ms`,
        }),
      ms,
    );
  }

  private endPayment(payment: OpenPayment, outcome: TerminalSaleOutcome): void {
    if (this.payment !== payment) {
      return;
    }
    this.payment = null;
    if (payment.watchdog !== null) {
      clearTimeout(payment.watchdog);
    }
    if (payment.ceiling !== null) {
      clearTimeout(payment.ceiling);
    }
    payment.resolve(outcome);
  }

  private settleCommand(frame: PaeFrame | null, error: Error | null): void {
    const pending = this.pending;
    if (pending === null) {
      return;
    }
    this.pending = null;
    clearTimeout(pending.timer);
    if (frame !== null) {
      pending.resolve(frame);
    } else {
      pending.reject(error ?? new SessionError('closed', 'command ended'));
    }
  }

  private armPartialTimer(): void {
    if (this.partialTimer !== null) {
      clearTimeout(this.partialTimer);
      this.partialTimer = null;
    }
    if (this.framer.pendingBytes === 0 || this.closedReason !== null) {
      return;
    }
    this.partialTimer = setTimeout(() => {
      this.partialTimer = null;
      const dropped = this.framer.dropPartial();
      if (dropped !== null) {
        this.reportDropped(dropped);
        this.countGarbled('partial frame followed by silence');
      }
    }, this.options.timeouts.partialFrameMs);
  }

  private reportDropped(entry: DroppedBytes): void {
    this.options.logger.warn('Dropped bytes from the terminal', {
      reason: entry.reason,
      ...describeBytes(entry.bytes),
    });
  }
}
