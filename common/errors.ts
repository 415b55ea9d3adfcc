/**
 * Stable error codes that cross the IPC boundary. The renderer maps each code to a message for
 * the cashier in its strings module; main never sends secrets, raw gateway bodies or card data
 * in an error message.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_authenticated',
  'forbidden',
  'approval_required',
  'approval_invalid',
  'locked_out',
  'declined',
  'outcome_unknown',
  'gateway_unavailable',
  'credentials_rejected',
  'rate_limited',
  'terminal_unavailable',
  'terminal_busy',
  'terminal_disconnected',
  'sale_open',
  'lane_blocked',
  'not_found',
  'not_voidable',
  'not_refundable',
  'exceeds_refundable',
  'settings_invalid',
  'secure_storage_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/**
 * Base error for failures that callers handle by code. Subsystems raise it (or a subclass) with a
 * message that is safe to show an operator; the IPC wrapper turns it into an error envelope.
 */
export class CardlaneError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardlaneError';
    this.code = code;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isCardlaneError(value: unknown): value is CardlaneError {
  return value instanceof CardlaneError;
}
