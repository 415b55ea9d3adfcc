import { recoverAuthorization, type RecoveryOptions } from '../gateway';
import type { GatewayClient } from '../gateway/types';
import type { PaymentGateway } from './ports';

/** Adapts the gateway client to the calls the payment flows make. */
export function createPaymentGateway(
  client: GatewayClient,
  recovery: RecoveryOptions = {},
): PaymentGateway {
  return {
    inquireByOrderid: (merchantId, orderId) => client.inquireByOrderid(merchantId, orderId),
    async voidByRetref(merchantId, retref) {
      const result = await client.void(merchantId, retref);
      return result.outcome === 'voided';
    },
    recover: (merchantId, orderId) =>
      recoverAuthorization(client, { merchantId, orderId }, recovery),
    inquire: (merchantId, retref) => client.inquire(merchantId, retref),
    voidTransaction: (merchantId, retref) => client.void(merchantId, retref),
    refund: (merchantId, retref, amountMinor) => client.refund(merchantId, retref, amountMinor),
    settlestat: (query) => client.settlestat(query),
  };
}
