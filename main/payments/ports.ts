import type {
  AuthorizationRecovery,
  GatewayTransaction,
  RefundResult,
  SettlementBatch,
  SettlestatQuery,
  VoidResult,
} from '../gateway/types';

/**
 * The gateway calls the payment flows make, as a port so the flows can be driven by the real
 * client against the simulator in tests and by the real client against CardPointe in the app.
 */
export interface PaymentGateway {
  /** Transactions under an order id; an empty list when the gateway does not know it. */
  inquireByOrderid(merchantId: string, orderId: string): Promise<GatewayTransaction[]>;
  /** Voids by retref; resolves true only when the gateway reports the transaction voided. */
  voidByRetref(merchantId: string, retref: string): Promise<boolean>;
  /** Resolves an attempt whose outcome is unknown: inquire by order id, then void by order id. */
  recover(merchantId: string, orderId: string): Promise<AuthorizationRecovery>;
  /** The transaction with this retref, or null when the gateway does not know it. */
  inquire(merchantId: string, retref: string): Promise<GatewayTransaction | null>;
  /** Voids by retref in full and returns the classified reply. Never retried. */
  voidTransaction(merchantId: string, retref: string): Promise<VoidResult>;
  /** Refunds by retref; the amount is always sent, so a full refund is explicit. Never retried. */
  refund(merchantId: string, retref: string, amountMinor: number): Promise<RefundResult>;
  settlestat(query: SettlestatQuery): Promise<SettlementBatch[]>;
}

/** What the sale flow reads from settings each time it starts a sale. */
export interface SaleSettings {
  laneId: string;
  merchantId: string;
  environment: string;
  currency: string;
  maxSaleMinor: number;
  /** What to do with a partial approval: keep it and ask for the rest, or reverse it at once. */
  partialApproval: 'accept' | 'reverse';
}
