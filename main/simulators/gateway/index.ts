/**
 * The CardPointe Gateway simulator: an HTTP server on 127.0.0.1 that answers like UAT, used by
 * demo mode, the terminal simulator (through the public `auth` route) and the tests.
 */
export {
  CONTROL_PREFIX,
  type GatewaySimulator,
  type GatewaySimulatorOptions,
  type RecordedRequest,
  REST_PREFIX,
  startGatewaySimulator,
  UAT_MERCHANT_ID,
  UAT_TEST_CREDENTIALS,
} from './server';
export { SIMULATOR_FAULT_KINDS, type SimulatorFault, type SimulatorFaultKind } from './faults';
export type { SettlementBatch, SimulatedTransaction, TransactionState } from './state';
export {
  amountDrivenCode,
  brandOf,
  type CardBrand,
  cardForToken,
  isToken,
  PARTIAL_APPROVAL_AMOUNT_MINOR,
  PARTIAL_APPROVAL_CARD,
  PARTIAL_APPROVAL_THRESHOLD_MINOR,
  TEST_CARDS,
  TIMEOUT_CARDS,
  tokenForCard,
} from './cards';
