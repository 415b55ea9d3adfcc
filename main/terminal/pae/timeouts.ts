/**
 * Driver timeouts in milliseconds. The CardPointe Unattended Developer Guide sets none of them;
 * these values are design choices, each with its reason.
 */
export interface TerminalTimeouts {
  /** Reply to GTI, GCS, GOT, CPT or RBT, which need neither the customer nor the network. */
  responseMs: number;
  /** First DPT reply (an LCD prompt or a final frame): the device prompts as soon as it starts. */
  dptFirstFrameMs: number;
  /**
   * Silence allowed between DPT frames once the payment runs. Every prompt frame resets it; the
   * device reports its own card timeout (01F9), so this only catches a device that went quiet.
   */
  dptInactivityMs: number;
  /** Hard limit for one DPT, however many prompt frames arrive. */
  dptCeilingMs: number;
  /** Status command (GCS) interval while idle, to notice a device that stops replying. */
  heartbeatMs: number;
  /** Interval between attempts to find and open the terminal after it was lost. */
  reconnectPollMs: number;
  /** Silence after which a partial frame is dropped. */
  partialFrameMs: number;
  /** Wait before asking again while the device answers "PAE is starting" (00C8). */
  startingRetryMs: number;
  /** Longest "PAE is starting" window accepted before the device counts as faulted. */
  startingMaxMs: number;
  /** GCS interval while waiting for the device to leave a payment it still reports. */
  recoveringPollMs: number;
  /** How long to wait for the device to report no payment in progress before giving up. */
  recoveringMaxMs: number;
  /** Wait after a reboot command before looking for the device again. */
  rebootSettleMs: number;
}

export const DEFAULT_TIMEOUTS: TerminalTimeouts = {
  responseMs: 5_000,
  dptFirstFrameMs: 5_000,
  dptInactivityMs: 60_000,
  dptCeilingMs: 5 * 60_000,
  heartbeatMs: 15_000,
  reconnectPollMs: 2_000,
  partialFrameMs: 2_000,
  startingRetryMs: 1_000,
  startingMaxMs: 60_000,
  recoveringPollMs: 2_000,
  recoveringMaxMs: 2 * 60_000,
  rebootSettleMs: 3_000,
};

/** Attempts for the idempotent commands GTI, GCS and GOT before the device counts as lost. */
export const COMMAND_ATTEMPTS = 3;

/** Unreadable frames tolerated during one DPT before its outcome becomes unknown. */
export const GARBLED_FRAME_LIMIT = 3;
