/**
 * The gateway client as the payment flows use it. The client module implements the full
 * CardPointe Gateway API; this file holds the shapes other modules depend on.
 */

export type GatewayEnvironment = 'demo' | 'uat' | 'production';

export interface GatewayCredentials {
  user: string;
  password: string;
}

/** One transaction as `inquire` or `inquireByOrderid` reports it, amounts in minor units. */
export interface GatewayTransaction {
  merchantId: string;
  orderId: string | null;
  retref: string;
  /** Amount of the transaction now (after partial captures or refunds), minor units. */
  amountMinor: number;
  respstat: 'A' | 'B' | 'C';
  respcode: string;
  resptext: string;
  authCode: string | null;
  /** Settlement status text, e.g. "Authorized", "Queued for Capture", "Accepted", "Voided". */
  setlstat: string | null;
  voidable: boolean;
  refundable: boolean;
  last4: string | null;
  respproc?: string | null;
  currency?: string | null;
  batchId?: string | null;
  /** YYYYMMDD of the authorization, as the gateway reports it. */
  authDate?: string | null;
  entryMode?: string | null;
}

export type AuthorizationRecovery =
  /** The gateway knows the order id: what it says, one entry per attempt under that order id. */
  | { kind: 'found'; transactions: GatewayTransaction[] }
  /** PPS 29 "Txn not found": the request never reached the gateway. */
  | { kind: 'not_found' }
  /** The inquiry got no answer, and `voidByOrderId` reversed whatever there was. */
  | { kind: 'voided' }
  /** Neither inquiry nor void got an answer: a manager must resolve it. */
  | { kind: 'unresolved'; reason: string };

/** The three gateway statuses: A approved, B retry (outcome not settled), C declined/rejected. */
export type Respstat = 'A' | 'B' | 'C';

/** The status fields every transaction reply carries. `respcode` stays a string ("05", "000"). */
export interface GatewayResponseCode {
  respstat: Respstat;
  respcode: string;
  resptext: string;
  /** Who answered: PPS for the gateway itself, otherwise the processor (FNOR, RPCT, ...). */
  respproc: string | null;
}

/** BIN facts from `binInfo`, when the gateway sends them. */
export interface BinFacts {
  country: string | null;
  /** Card network letter: V Visa, M Mastercard, A Amex, D Discover, N other. */
  product: string | null;
  issuer: string | null;
  prepaid: boolean | null;
  corporate: boolean | null;
}

export interface AuthRequest {
  merchantId: string;
  /** Unique per attempt and never containing a card number: recovery looks the attempt up by it. */
  orderId: string;
  amountMinor: number;
  /** True for a sale (`capture: "Y"`), false for an authorization only. */
  capture: boolean;
  /** A CardSecure token or a card number. */
  account: string;
  /** MMYY. */
  expiry: string;
  cvv2?: string;
  postal?: string;
  /** Ask for `binInfo` in the reply. Default true. */
  bin?: boolean;
}

export interface AuthResult extends GatewayResponseCode {
  /**
   * `approved`: respstat A for the full amount; `partial`: respstat A for less; `declined`:
   * respstat C; `unknown`: respstat B (for example PPS 62 "Timed out"), so recovery must run.
   */
  outcome: 'approved' | 'partial' | 'declined' | 'unknown';
  merchantId: string;
  orderId: string;
  retref: string | null;
  requestedMinor: number;
  /** Approved amount, minor units; 0 unless approved. */
  approvedMinor: number;
  authCode: string | null;
  avsResponse: string | null;
  cvvResponse: string | null;
  /** Last four digits of the card or token; the full token is never returned. */
  last4: string | null;
  entryMode: string | null;
  bin: BinFacts | null;
}

export interface CaptureRequest {
  merchantId: string;
  retref: string;
  /** Amount to capture; the authorized amount when absent. */
  amountMinor?: number;
}

export interface CaptureResult extends GatewayResponseCode {
  /** `captured`: respstat A; `rejected`: respstat C (e.g. PPS 29 "Txn not found"); `unknown`: B. */
  outcome: 'captured' | 'rejected' | 'unknown';
  retref: string;
  amountMinor: number | null;
  setlstat: string | null;
  batchId: string | null;
}

export interface VoidResult extends GatewayResponseCode {
  /**
   * `voided`: respstat A other than PPS 26; `not_voided`: respstat C, or A with PPS 26 "Txn
   * Settled" (nothing was voided: refund instead); `unknown`: respstat B.
   */
  outcome: 'voided' | 'not_voided' | 'unknown';
  /** Why nothing was voided, for `not_voided`. */
  reason: 'settled' | 'not_found' | 'rejected' | null;
  retref: string | null;
  /** The reply's `amount`, minor units, when present. Its meaning after a void is not documented. */
  replyAmountMinor: number | null;
}

export interface RefundResult extends GatewayResponseCode {
  /** `refunded`: respstat A; `declined`: respstat C; `unknown`: respstat B. */
  outcome: 'refunded' | 'declined' | 'unknown';
  /** For `declined`: PPS 28 means not settled yet (void instead), PPS 29 not found. */
  reason: 'not_settled' | 'not_found' | 'declined' | null;
  /** The refund's own retref. */
  retref: string | null;
  amountMinor: number | null;
}

export interface SettlementTransaction {
  retref: string;
  /** Settled amount, minor units; negative for a refund. */
  amountMinor: number;
  /** Y accepted, N rejected, and other one-letter codes. */
  setlstat: string;
  orderId: string | null;
  authCode: string | null;
  cardType: string | null;
}

export interface SettlementBatch {
  batchId: string;
  merchantId: string;
  /** Host status: GB accepted, RB rejected, MB mixed, blank queued, and others. */
  hostStatus: string;
  hostBatch: string | null;
  transactions: SettlementTransaction[];
}

export type SettlestatQuery =
  | { merchantId: string; date: string }
  | { merchantId: string; batchId: string }
  | { merchantId: string };

export interface MerchantInfo {
  merchantId: string;
  enabled: boolean;
  site: string | null;
  cardProcessor: string | null;
  avs: boolean;
  cvv: boolean;
  echeck: boolean;
}

export interface GatewayClient {
  readonly environment: GatewayEnvironment;
  /** Where the client connects, for logs and the settings screen, e.g. https://fts-uat.cardconnect.com. */
  readonly origin: string;
  /** Authorizes or sells. Never retried by the client. */
  auth(request: AuthRequest): Promise<AuthResult>;
  capture(request: CaptureRequest): Promise<CaptureResult>;
  /** Voids by retref, in full or (while Authorized) for part of the amount. */
  void(merchantId: string, retref: string, amountMinor?: number): Promise<VoidResult>;
  /** Refunds by retref, in full when `amountMinor` is absent. */
  refund(merchantId: string, retref: string, amountMinor?: number): Promise<RefundResult>;
  /** Returns the transaction, or null for PPS 29 "Txn not found". */
  inquire(merchantId: string, retref: string): Promise<GatewayTransaction | null>;
  /** Every transaction under the order id at this merchant; [] for PPS 29 "Txn not found". */
  inquireByOrderid(merchantId: string, orderId: string): Promise<GatewayTransaction[]>;
  /** Voids the latest non-declined transaction under the order id. */
  voidByOrderId(merchantId: string, orderId: string, amountMinor?: number): Promise<VoidResult>;
  /** Settled batches; [] when the gateway answers "Null batches". */
  settlestat(query: SettlestatQuery): Promise<SettlementBatch[]>;
  inquireMerchant(merchantId: string): Promise<MerchantInfo>;
  /** Resolves when the gateway accepts the credentials; raises GatewayCredentialsRejectedError otherwise. */
  testCredentials(merchantId?: string): Promise<void>;
  /** Closes idle connections. */
  close(): void;
}
