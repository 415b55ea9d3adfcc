import type {
  TerminalFlags,
  TerminalIdentity,
  TerminalPrompt,
  TerminalStatus,
} from '../../common/contract';

/** `sale` captures at once; `auth_only` authorizes for a later capture (PAE payment types 1 and 6). */
export type TerminalPaymentType = 'sale' | 'auth_only';

export interface TerminalSaleRequest {
  /** At most 19 letters and digits, starting with a letter (never Luhn-valid). */
  orderId: string;
  /** Integer minor units, more than zero. */
  amountMinor: number;
  paymentType: TerminalPaymentType;
  /** The lane id, sent as `paymentUser`. */
  paymentUser: string;
}

export interface TerminalSaleHooks {
  /** Called once the DPT frame has been written to the port. */
  onSent?(): void;
  onPrompt?(prompt: TerminalPrompt): void;
}

/** Card facts from an approval. The full token never leaves the driver. */
export interface TerminalCard {
  brand: string | null;
  last4: string | null;
  entryMode: string | null;
}

export interface TerminalApproval {
  orderId: string;
  /** Approved amount in minor units; less than requested for a partial approval. */
  approvedMinor: number;
  requestedMinor: number;
  merchantId: string | null;
  retref: string | null;
  authCode: string | null;
  respCode: string | null;
  respText: string | null;
  card: TerminalCard;
  /** EMV tags and receipt lines the networks require on receipts, as the device sent them. */
  emvTags: Record<string, string>;
  receiptData: Record<string, string>;
}

/**
 * How a DPT ended. `unknown` means the final frame never came (silence past the watchdog,
 * disconnect, garbled frames): the card may have been charged, and the caller resolves the attempt
 * through the gateway by order id. A DPT is never resent.
 */
export type TerminalSaleOutcome =
  | { kind: 'approved'; approval: TerminalApproval; afterCancel: boolean }
  | {
      kind: 'declined';
      respCode: string | null;
      respText: string | null;
      retref: string | null;
      card: TerminalCard;
    }
  | { kind: 'offline'; approval: TerminalApproval }
  | { kind: 'cancelled' }
  /** The device ended the payment without charging: card timeout, card error, fallback and the like. */
  | { kind: 'failed'; responseCode: string; message: string }
  | { kind: 'unknown'; reason: string }
  /**
   * The reply for this order id names another merchant id than the configured one. The lane is
   * stopped: recovery by order id under the configured merchant would wrongly report "not found".
   */
  | { kind: 'merchant_mismatch'; reportedMerchantId: string | null; message: string };

export type TerminalCancelResult = 'cancelled' | 'card_already_read' | 'no_payment' | 'failed';

export interface TerminalEvents {
  status: (status: TerminalStatus) => void;
  prompt: (prompt: TerminalPrompt) => void;
}

/**
 * The terminal as the payment flows see it. The PAE driver is the first implementation; a cloud
 * terminal or another serial protocol can sit behind the same interface.
 */
export interface PaymentTerminal {
  /** Opens the port (or finds the device) and runs the identity and status handshake. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): TerminalStatus;
  identify(): Promise<TerminalIdentity>;
  readFlags(): Promise<TerminalFlags>;
  /**
   * Runs one DPT. Rejects with a CardlaneError (`terminal_busy`, `terminal_unavailable`,
   * `terminal_disconnected`) only when the DPT was not written; once written, it resolves with an
   * outcome, `unknown` included, and never rejects.
   */
  sale(request: TerminalSaleRequest, hooks?: TerminalSaleHooks): Promise<TerminalSaleOutcome>;
  cancel(): Promise<TerminalCancelResult>;
  reboot(): Promise<void>;
  on<E extends keyof TerminalEvents>(event: E, listener: TerminalEvents[E]): () => void;
}
