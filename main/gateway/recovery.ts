/**
 * Recovery of an authorization whose outcome is unknown, as CardPointe documents it: inquire by
 * order id; PPS 29 "Txn not found" means the request never reached the gateway; with no answer,
 * void by order id up to three times, then report the attempt unresolved.
 */
import { createLogger, type Logger } from '../log/logger';
import { GatewayCredentialsRejectedError, GatewayError } from './errors';
import type { AuthorizationRecovery, GatewayClient } from './types';

/** Pause between the `voidByOrderId` attempts. CardPointe documents three attempts and no interval. */
export const RECOVERY_PAUSE_MS = 2_000;
export const RECOVERY_VOID_ATTEMPTS = 3;

export interface RecoveryOptions {
  pauseMs?: number;
  attempts?: number;
  logger?: Logger;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function recoverAuthorization(
  client: GatewayClient,
  target: { merchantId: string; orderId: string },
  options: RecoveryOptions = {},
): Promise<AuthorizationRecovery> {
  const logger = options.logger ?? createLogger('gateway');
  const pauseMs = options.pauseMs ?? RECOVERY_PAUSE_MS;
  const attempts = Math.max(1, options.attempts ?? RECOVERY_VOID_ATTEMPTS);
  const ids = { merchantId: target.merchantId, orderid: target.orderId };

  try {
    const transactions = await client.inquireByOrderid(target.merchantId, target.orderId);
    if (transactions.length === 0) {
      logger.info('recovery: order id not found at the gateway', ids);
      return { kind: 'not_found' };
    }
    logger.info('recovery: order id found at the gateway', {
      ...ids,
      retrefs: transactions.map((transaction) => transaction.retref),
      respstats: transactions.map((transaction) => transaction.respstat),
    });
    return { kind: 'found', transactions };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    logger.warn('recovery: inquiry by order id failed; voiding by order id', {
      ...ids,
      reason: error.reason,
    });
    if (error instanceof GatewayCredentialsRejectedError) {
      return { kind: 'unresolved', reason: error.message };
    }
  }

  let lastReason = 'The gateway did not answer the void by order id.';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const result = await client.voidByOrderId(target.merchantId, target.orderId);
      logger.info('recovery: void by order id answered', {
        ...ids,
        attempt,
        outcome: result.outcome,
        respstat: result.respstat,
        respcode: result.respcode,
        retref: result.retref,
      });
      if (result.outcome === 'voided') return { kind: 'voided' };
      if (result.outcome === 'not_voided' && result.reason === 'not_found') {
        // voidByOrderId skips declined attempts, so PPS 29 here means no approval exists to reverse.
        return { kind: 'not_found' };
      }
      if (result.outcome === 'not_voided') {
        return {
          kind: 'unresolved',
          reason:
            result.reason === 'settled'
              ? 'The transaction is already settled and cannot be voided; refund it instead.'
              : `The gateway refused the void: ${result.resptext || result.respcode}.`,
        };
      }
      lastReason = `The gateway answered the void with respstat B: ${result.resptext || result.respcode}.`;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      lastReason = describe(error);
      logger.warn('recovery: void by order id failed', { ...ids, attempt, reason: error.reason });
      if (error instanceof GatewayCredentialsRejectedError) break;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  logger.error('recovery: authorization unresolved', { ...ids, reason: lastReason });
  return { kind: 'unresolved', reason: lastReason };
}
