/** The CardPointe Gateway client, its errors and authorization recovery. */
export {
  AUTHORIZING_TIMEOUT_MS,
  CREDENTIAL_TEST_TIMEOUT_MS,
  createGatewayClient,
  type GatewayClientOptions,
  MAX_RATE_LIMIT_WAIT_MS,
  READ_ATTEMPTS,
  READ_RETRY_BASE_DELAY_MS,
  READ_RETRY_MAX_DELAY_MS,
  READ_TIMEOUT_MS,
} from './client';
export * from './errors';
export {
  RECOVERY_PAUSE_MS,
  RECOVERY_VOID_ATTEMPTS,
  recoverAuthorization,
  type RecoveryOptions,
} from './recovery';
export type * from './types';
