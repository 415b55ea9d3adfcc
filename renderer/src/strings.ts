/**
 * Every piece of text the renderer shows. Screens never spell out words themselves, so the wording
 * can be reviewed (and later translated) in one place. Values that come from outside (operator
 * names, the terminal's prompt, the processor's response text) are passed in and rendered by React
 * as text, never as HTML.
 */
import type { ErrorCode } from '../../common/errors';
import type { Environment, OperatorRole } from '../../common/contract/shared';
import type { SaleStage } from '../../common/contract/sale';
import type { TerminalState } from '../../common/contract/terminal';

export const appName = 'Cardlane';

/** A message for every error code main can return, with the next step for the cashier. */
export const errorMessages: Record<ErrorCode, string> = {
  invalid_input: 'Cardlane could not accept that entry. Check it and try again.',
  not_authenticated: 'Nobody is logged in on this lane. Log in to continue.',
  forbidden: 'This needs a manager. Ask a manager to approve it.',
  approval_required: 'A manager needs to approve this first.',
  approval_invalid: 'The manager approval has expired or does not match. Ask the manager again.',
  locked_out: 'Too many wrong PINs. Wait a moment before trying again, or ask a manager.',
  declined: 'The card was declined. Ask the customer for another card.',
  outcome_unknown:
    'Cardlane does not know yet whether this payment went through. Do not charge the customer again; Cardlane is checking with the processor.',
  gateway_unavailable:
    'The card processor cannot be reached. Check the internet connection and try again.',
  credentials_rejected:
    'The card processor rejected the account details. A manager needs to check the settings.',
  rate_limited: 'The card processor is busy. Wait a few seconds and try again.',
  terminal_unavailable:
    'The card terminal is not available. Check that it is plugged in and switched on.',
  terminal_busy: 'The card terminal is busy with another payment. Wait for it to finish.',
  terminal_disconnected:
    'The card terminal disconnected. Check its cable; Cardlane reconnects by itself.',
  sale_open: 'A sale is already open on this lane. Finish it before starting another.',
  lane_blocked:
    'This lane takes no new sales until an earlier payment is resolved. Ask a manager to check it.',
  not_found: 'That payment could not be found.',
  not_voidable: 'This payment can no longer be voided. Refund it instead.',
  not_refundable: 'This payment cannot be refunded yet.',
  exceeds_refundable: 'The amount is more than what is left to refund.',
  settings_invalid: 'The settings are invalid. A manager needs to fix them.',
  secure_storage_unavailable:
    'This computer offers no secure storage for the processor account details.',
  internal:
    'Something went wrong inside Cardlane. Try again; if it happens again, restart the app.',
};

/** Returns the message for an error code, or the generic one for a code this build does not know. */
export function errorMessage(code: string): string {
  return Object.hasOwn(errorMessages, code)
    ? errorMessages[code as ErrorCode]
    : errorMessages.internal;
}

export const header = {
  laneLabel: 'Lane',
  operatorLabel: 'Operator',
  noOperator: 'Nobody logged in',
  environmentBadge: {
    demo: 'DEMO',
    uat: 'UAT',
    production: null,
  } satisfies Record<Environment, string | null>,
  environmentLabel: {
    demo: 'Demo mode: built-in test processor, no real money moves',
    uat: 'UAT: CardPointe test environment, no real money moves',
    production: 'Live: real card payments',
  } satisfies Record<Environment, string>,
  attention: (count: number) =>
    count === 1 ? '1 payment needs attention' : `${count} payments need attention`,
};

/** The terminal's state in the header, grouped into what a cashier needs to know. */
export const terminalState: Record<TerminalState, string> = {
  unavailable: 'Terminal unavailable',
  closed: 'Terminal disconnected',
  probing: 'Terminal connecting…',
  idle: 'Terminal ready',
  in_payment: 'Terminal busy',
  cancelling: 'Terminal cancelling',
  recovering: 'Terminal reconnecting…',
  rebooting: 'Terminal restarting…',
  faulted: 'Terminal fault',
};
export const terminalUnknown = 'Terminal status unknown';

export const amount = {
  heading: 'New sale',
  label: 'Amount',
  placeholder: '0.00',
  charge: (formatted: string) => `Charge ${formatted}`,
  chargeEmpty: 'Charge',
  starting: 'Starting…',
  clear: 'Clear',
  backspace: 'Delete last digit',
  decimalPoint: 'Decimal point',
  keypadLabel: 'Amount keypad',
  hint: 'Type the amount or use the keypad. Enter charges the card.',
  enterAmount: 'Enter an amount.',
  zero: 'The amount must be more than zero.',
  aboveMax: (max: string) => `The amount is above the maximum of ${max}.`,
  tooManyDecimals: 'An amount has at most two decimal places.',
  pasteInvalid: (text: string) => `"${text}" is not an amount. Paste digits like 12.34.`,
  notAccepted: 'Only digits and one decimal point.',
};

export const payment = {
  heading: 'Payment in progress',
  amountLabel: 'Amount',
  promptLabel: 'Terminal says',
  waitingForTerminal: 'Waiting for the terminal…',
  elapsed: (text: string) => `Elapsed ${text}`,
  cancel: 'Cancel payment',
  cancelling: 'Cancelling…',
  cancelHint: 'Escape cancels while the customer has not yet paid.',
  stage: {
    starting: 'Starting the payment on the terminal…',
    in_payment: 'Follow the terminal. The customer pays there.',
    cancelling: 'Cancelling the payment at the terminal…',
    confirming: 'Approved by the terminal. Confirming with the processor…',
  } satisfies Partial<Record<SaleStage, string>>,
};

export const result = {
  heading: {
    approved: 'Approved',
    partially_approved: 'Partially approved',
    declined: 'Declined',
    cancelled: 'Cancelled',
    offline: 'Accepted offline',
    unknown: 'Outcome unknown',
    failed: 'Payment failed',
    needs_attention: 'Needs attention',
  } satisfies Partial<Record<SaleStage, string>>,
  summary: {
    approved: 'The payment went through.',
    partially_approved: 'The card covered only part of the amount.',
    declined: 'The card was declined. Ask the customer for another card.',
    cancelled: 'The payment was cancelled. The customer was not charged.',
    offline:
      'The terminal accepted the card while the processor was out of reach. It forwards the payment when the connection is back.',
    unknown:
      'Cardlane does not know whether the customer was charged. Do not charge the customer again. Cardlane is checking with the processor.',
    failed:
      'The payment did not reach the card processor. The customer was not charged; you can try again.',
    needs_attention:
      'The terminal approved this payment, but the processor has not confirmed it yet. A manager needs to check it before the customer is charged again.',
  } satisfies Partial<Record<SaleStage, string>>,
  amount: 'Amount',
  approvedAmount: 'Amount approved',
  amountDue: 'Still due',
  partialNextStep: 'Collect the amount still due with another card or another payment method.',
  card: 'Card',
  cardText: (brand: string | null, last4: string | null) => {
    const name = brand ?? 'Card';
    return last4 === null ? name : `${name} ending in ${last4}`;
  },
  authCode: 'Auth code',
  retref: 'Retrieval reference',
  orderId: 'Order ID',
  reason: 'Reason',
  responseCode: 'Processor response',
  newSale: 'New sale',
  newSaleHint: 'Press N or Enter for a new sale.',
  noValue: '—',
};

/** Plain words for common CardPointe decline response codes; others show the processor's text. */
export const declineReasons: Record<string, string> = {
  '05': 'Do not honor: the card issuer declined the payment.',
  '51': 'Insufficient funds on the card.',
  '54': 'The card has expired.',
  '55': 'Wrong PIN.',
  '14': 'The card number is not valid.',
  '57': 'The card is not allowed for this kind of payment.',
  '61': 'The amount is above the card’s limit.',
  '65': 'The card’s activity limit is reached.',
};
export const declineFallback = 'The card issuer declined the payment.';

/** Text for the screen-reader live region when a sale changes stage. */
export const announce = {
  starting: (formatted: string) => `Payment of ${formatted} started.`,
  prompt: (text: string) => `Terminal: ${text}`,
  stage: (heading: string, formatted: string) => `${heading}: ${formatted}.`,
};

export const screens = {
  loading: 'Connecting to Cardlane…',
  noBridge: {
    heading: 'Cardlane cannot start',
    body: 'This page runs only inside the Cardlane app.',
  },
  loadFailed: {
    heading: 'Cardlane could not load the lane',
    retry: 'Try again',
  },
  settingsError: {
    heading: 'The settings need fixing',
    body: 'Cardlane kept the settings file as it is. A manager or the store’s IT person needs to correct it:',
  },
};

export const dismissFailed = 'The sale could not be closed.';

export const login = {
  heading: 'Log in',
  chooseOperator: 'Who is at the register?',
  noOperators: 'No active operators. A manager needs to create one.',
  role: { cashier: 'Cashier', manager: 'Manager' } satisfies Record<OperatorRole, string>,
  pinHeading: (name: string) => `PIN for ${name}`,
  pinLabel: 'PIN',
  pinHint: '4 to 8 digits. Enter logs in.',
  pinKeypadLabel: 'PIN keypad',
  submit: 'Log in',
  submitting: 'Checking…',
  back: 'Choose someone else',
  wrongPin: 'That PIN is not right. Try again.',
  pinFormat: 'A PIN has 4 to 8 digits.',
  loadFailed: 'The list of operators could not be loaded.',
  logout: 'Log out',
};

export const setup = {
  heading: 'Set up Cardlane',
  intro:
    'Create the first manager account and choose where payments go. You can change the environment later in Settings.',
  managerName: 'Manager name',
  pin: 'PIN (4 to 8 digits)',
  pinConfirm: 'PIN again',
  environment: 'Environment',
  environments: {
    demo: 'Demo: built-in test processor and terminal, no real money moves',
    uat: 'UAT: the CardPointe test environment, with your UAT account',
    production: 'Production: real card payments',
  } satisfies Record<Environment, string>,
  site: 'CardPointe site name',
  siteHint: 'The part before .cardconnect.com, e.g. fts',
  merchantId: 'Merchant ID',
  merchantIdHint: '6 to 16 digits, from your CardPointe account',
  submit: 'Create manager and start',
  submitting: 'Setting up…',
  nameMissing: 'Enter the manager’s name.',
  pinMismatch: 'The two PINs are not the same.',
  siteInvalid: 'Use lowercase letters, digits and hyphens only, without "-uat".',
  merchantIdInvalid: 'The merchant ID has 6 to 16 digits.',
};
