/**
 * The simulated gateway's records and where they live: in memory, or in a JSON file that several
 * processes (the app, a restart, the command line) read and write in turn.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { CardBrand } from './cards';

/**
 * Where a transaction is in its life cycle. A sale goes Authorized → Queued for Capture (capture
 * "Y" or a later capture) → Accepted after a settlement run; a refund starts queued.
 */
export type TransactionState = 'authorized' | 'queued' | 'accepted' | 'voided' | 'declined';

export interface SimulatedTransaction {
  retref: string;
  merchantId: string;
  orderId: string | null;
  /** `authorization` for an `auth` (sale or authorization only); `refund` for a refund. */
  kind: 'authorization' | 'refund';
  state: TransactionState;
  voided: boolean;
  /** The refunded transaction's retref, for a refund. */
  parentRetref: string | null;
  /** Amount in the request, minor units. */
  requestedMinor: number;
  /** Amount the processor approved, minor units (0 when declined). */
  authorizedMinor: number;
  /** Amount now: after a partial void or capture of another amount; 0 once voided in full. */
  amountMinor: number;
  /** Sum of refunds against this transaction, minor units. */
  refundedMinor: number;
  currency: string;
  respstat: 'A' | 'B' | 'C';
  respcode: string;
  resptext: string;
  respproc: string;
  authcode: string | null;
  /** The simulator's token for the card; '' when the account was rejected. */
  token: string;
  last4: string;
  brand: CardBrand | null;
  expiry: string | null;
  avsresp: string | null;
  cvvresp: string | null;
  entrymode: string;
  batchId: string | null;
  /** Gateway date stamps: YYYYMMDD for the authorization, YYYYMMDDHHMMSS for the others. */
  authDate: string;
  capturedAt: string | null;
  settledAt: string | null;
  createdAt: string;
}

export interface SettlementBatch {
  batchId: string;
  merchantId: string;
  hostBatch: string;
  /** Local date of the settlement run, MMDD, as `settlestat` takes it. */
  date: string;
  settledAt: string;
  retrefs: string[];
  /** Set once `settlestat` called with the merchant id alone has returned this batch. */
  reported: boolean;
}

export interface MerchantSwitches {
  unsettledRefunds: boolean;
}

export interface GatewayState {
  version: 1;
  transactions: SimulatedTransaction[];
  batches: SettlementBatch[];
  /** The batch id new captures join, per merchant. */
  openBatches: Record<string, string>;
  switches: Record<string, MerchantSwitches>;
  nextBatchNumber: number;
}

export function emptyState(): GatewayState {
  return {
    version: 1,
    transactions: [],
    batches: [],
    openBatches: {},
    switches: {},
    nextBatchNumber: 1_900_000_001,
  };
}

/**
 * Keeps the state in memory and, with a file, rereads it when another process changed the file
 * and writes it after every change (to a temporary file, then renamed over the old one).
 */
export class StateStore {
  private current: GatewayState;
  private seenVersion = '';

  constructor(private readonly file: string | null) {
    this.current = emptyState();
    if (file !== null) {
      mkdirSync(path.dirname(file), { recursive: true });
      this.refresh();
    }
  }

  get state(): GatewayState {
    return this.current;
  }

  /** Rereads the file when its modification time or size differs from the last read or write. */
  refresh(): void {
    if (this.file === null) return;
    let version: string;
    try {
      version = fileVersion(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (version === this.seenVersion) return;
    this.current = parseState(readFileSync(this.file, 'utf8'), this.file);
    this.seenVersion = version;
  }

  save(): void {
    if (this.file === null) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.current, null, 2), { mode: 0o600 });
    renameSync(temporary, this.file);
    this.seenVersion = fileVersion(this.file);
  }
}

function fileVersion(file: string): string {
  const stats = statSync(file, { bigint: true });
  return `${stats.mtimeNs}:${stats.size}:${stats.ino}`;
}

function parseState(text: string, file: string): GatewayState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`The gateway simulator's state file ${file} is not valid JSON.`, {
      cause: error,
    });
  }
  const state = value as Partial<GatewayState> | null;
  if (
    state === null ||
    typeof state !== 'object' ||
    state.version !== 1 ||
    !Array.isArray(state.transactions) ||
    !Array.isArray(state.batches)
  ) {
    throw new Error(
      `The gateway simulator's state file ${file} has an unknown format; move it away to start empty.`,
    );
  }
  return {
    ...emptyState(),
    ...state,
    openBatches: state.openBatches ?? {},
    switches: state.switches ?? {},
  } as GatewayState;
}
