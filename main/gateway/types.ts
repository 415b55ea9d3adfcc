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
