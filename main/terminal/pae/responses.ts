/**
 * PAE response codes: eight hex digits, a four-digit general code and a four-digit detail code
 * (`01F40000` = payment accepted, no detail). Texts follow the CardPointe Unattended Developer
 * Guide's response code table.
 */
export const PaeCode = {
  OK: '0000',
  FAILED: '0001',
  STARTING: '00C8',
  INVALID_MESSAGE: '00C9',
  MISSING_FIELDS: '00CA',
  INVALID_CHECKSUM: '00CB',
  INVALID_COMMAND: '00CC',
  EMPTY_MESSAGE: '00CD',
  CANNOT_CANCEL: '01A4',
  NO_ACTIVE_PAYMENT: '01A5',
  CANCEL_FAILED: '01A6',
  PAYMENT_ACCEPTED: '01F4',
  PAYMENT_DECLINED: '01F5',
  MISSING_PARAMETER: '01F6',
  INVALID_REQUEST: '01F7',
  PAYMENT_IN_PROGRESS: '01F8',
  CARD_TIMEOUT: '01F9',
  CARD_READ_ERROR: '01FA',
  CANCELLED_BY_POS: '01FB',
  PAYMENT_INTERNAL_ERROR: '01FC',
  FALLBACK_TO_CONTACT: '01FD',
  INTERNAL_ERROR: '01FE',
  UNKNOWN_MSR_RESPONSE: '01FF',
  EMV_FAILURE: '0200',
  LCD_MESSAGE: '0201',
  UNSUPPORTED_AID: '0202',
  BAD_READ_TERMINATING: '0203',
  BAD_READ_RETRYING: '0204',
  OFFLINE_STORAGE_FULL: '0205',
  OFFLINE_NOT_ENABLED: '0206',
  OFFLINE_AMOUNT_TOO_HIGH: '0207',
  OFFLINE_PERIOD_EXPIRED: '0208',
  INVALID_AMOUNT_FORMAT: '0209',
  ACCEPTED_OFFLINE: '020A',
  NO_ENCRYPTION_KEY: '020B',
  /**
   * The guide's offline section names `020D` for a sale accepted in offline mode while its code
   * table names `020A`; the driver treats both as accepted offline.
   */
  ACCEPTED_OFFLINE_ALTERNATE: '020D',
} as const;

const DESCRIPTIONS: Record<string, string> = {
  '0000': 'Command succeeded',
  '0001': 'Command failed',
  '00C8': 'The terminal is starting',
  '00C9': 'The terminal received an invalid message',
  '00CA': 'The message is missing required fields',
  '00CB': 'The terminal rejected the checksum',
  '00CC': 'The terminal does not know the command',
  '00CD': 'The terminal received an empty message',
  '00E6': 'The payment process failed to start',
  '00FA': 'The terminal failed to register with its server',
  '00FB': 'The payment engine failed to register with its server',
  '00FC': 'The terminal server reported an internal error',
  '00FD': 'The payment cannot be finalized on the server',
  '00FE': 'The terminal failed to send its HTTP request',
  '00FF': 'The terminal timed out waiting for the gateway',
  '0100': 'The gateway answered the terminal with an HTTP error',
  '0101': 'The gateway reply to the terminal is missing a value',
  '0102': 'The terminal rejected a server certificate',
  '0103': 'The terminal has no network connection',
  '012C': 'The terminal received invalid JSON',
  '0132': 'Encryption is not enabled on the terminal',
  '0133': 'The terminal has no data encryption key',
  '01A4': 'The payment cannot be cancelled because the card was already read',
  '01A5': 'No payment is active',
  '01A6': 'The request to cancel the payment failed',
  '01F4': 'Payment accepted',
  '01F5': 'Payment declined',
  '01F6': 'The payment request is missing a required parameter',
  '01F7': 'The payment request is invalid',
  '01F8': 'A payment is already in progress on the terminal',
  '01F9': 'The terminal timed out waiting for a card',
  '01FA': 'The terminal could not read the card',
  '01FB': 'The payment was cancelled',
  '01FC': 'The payment failed with a terminal error',
  '01FD': 'The card must be inserted (chip read fallback)',
  '01FE': 'The terminal reported an internal error',
  '01FF': 'The terminal received an unknown card-swipe response',
  '0200': 'The chip card failed',
  '0201': 'Prompt message',
  '0202': 'The card application is not supported',
  '0203': 'Bad card read; the payment ended',
  '0204': 'Bad card read; retrying',
  '0205': 'The terminal has no offline storage left',
  '0206': 'Offline mode is not enabled on the terminal',
  '0207': 'The amount exceeds the offline maximum',
  '0208': 'The offline period has expired',
  '0209': 'The amount must be whole cents without decimals',
  '020A': 'The terminal accepted the payment offline',
  '020B': 'No encryption key is loaded on the terminal',
  '020D': 'The terminal accepted the payment offline',
};

/** The general (first four digit) part of a response code. */
export function generalCode(code: string): string {
  return code.slice(0, 4).toUpperCase();
}

/** A sentence for a response code, for logs and operator messages. */
export function describeResponse(code: string): string {
  const general = generalCode(code);
  return DESCRIPTIONS[general] ?? `The terminal returned response code ${code}`;
}
