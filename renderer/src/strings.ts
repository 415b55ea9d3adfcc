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
import type {
  AttentionItem,
  AttentionResolution,
  PaymentStateName,
} from '../../common/contract/payments';

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
  hint: 'Type the amount or use the keypad. Enter charges the card and Escape clears the amount.',
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
  responseCode: 'Response code',
  newSale: 'New sale',
  newSaleHint: 'Press N or Enter for a new sale.',
  noValue: '—',
};

/**
 * Shown when main gives no reason for a decline. The reason itself comes from main, because a
 * response code means different things for different processors (`respproc`), which only main sees.
 */
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

/** Messages main sends with some codes name the exact problem; these codes show them beside ours. */
export const detailedCodes: ReadonlySet<ErrorCode> = new Set([
  'invalid_input',
  'forbidden',
  'not_found',
  'not_voidable',
  'not_refundable',
  'exceeds_refundable',
  'settings_invalid',
  'secure_storage_unavailable',
  'lane_blocked',
  'approval_invalid',
  'locked_out',
]);

export const nav = {
  label: 'Screens',
  sale: 'Sale',
  journal: 'Journal',
  attention: 'Needs attention',
  report: 'Day report',
  settings: 'Settings',
  operators: 'Operators',
  shortcuts: 'Keys: N new sale · Enter charge · Esc cancel or close',
};

export const common = {
  back: 'Back',
  close: 'Close',
  cancel: 'Cancel',
  confirm: 'Confirm',
  save: 'Save',
  saving: 'Saving…',
  loading: 'Loading…',
  retry: 'Try again',
  yes: 'Yes',
  no: 'No',
};

export const kind = { sale: 'Sale', void: 'Void', refund: 'Refund' } as const;

/** Payment states in words; each list row shows the word, so no state depends on colour. */
export const paymentState: Record<PaymentStateName, string> = {
  pending: 'Pending',
  confirming: 'Confirming',
  approved: 'Approved',
  declined: 'Declined',
  cancelled: 'Cancelled',
  unknown: 'Outcome unknown',
  failed: 'Failed',
  offline: 'Offline',
  voided: 'Voided',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
};

export const journal = {
  heading: 'Journal',
  searchLabel: 'Search',
  searchBy: 'Search by',
  searchFields: {
    last4: 'Card last 4',
    amount: 'Amount',
    orderId: 'Order ID',
    retref: 'Retrieval reference',
  },
  searchHints: {
    last4: '4 digits, e.g. 1111',
    amount: 'e.g. 12.34',
    orderId: 'Letters and digits, or the beginning of an order ID',
    retref: 'Letters and digits',
  },
  searchInvalid: {
    last4: 'Type the last 4 digits of the card.',
    amount: 'Type an amount such as 12.34.',
    orderId: 'An order ID has letters and digits only.',
    retref: 'A retrieval reference has letters and digits only.',
  },
  date: 'Day',
  kindFilter: 'Type',
  stateFilter: 'State',
  operatorFilter: 'Operator',
  any: 'Any',
  todayOnly: 'Cashiers see today’s payments.',
  columns: {
    time: 'Time',
    kind: 'Type',
    amount: 'Amount',
    card: 'Card',
    state: 'State',
    operator: 'Operator',
    order: 'Order ID',
  },
  count: (shown: number, more: boolean) =>
    more ? `${shown} payments shown; scroll for more` : `${shown} payments`,
  empty: 'No payments match.',
  loadingMore: 'Loading more…',
  open: (orderId: string) => `Open payment ${orderId}`,
  listLabel: 'Payments',
  hint: 'Arrow keys move through the list; Enter opens a payment.',
};

export const detail = {
  heading: (kindText: string, amount: string) => `${kindText} of ${amount}`,
  back: 'Back to the list',
  facts: {
    state: 'State',
    requested: 'Amount requested',
    approved: 'Amount approved',
    card: 'Card',
    entryMode: 'Entry mode',
    authCode: 'Auth code',
    retref: 'Retrieval reference',
    orderId: 'Order ID',
    operator: 'Operator',
    lane: 'Lane',
    reference: 'Reference',
    time: 'Time',
    response: 'Processor response',
    attention: 'Needs attention',
  },
  refundable: (amount: string) => `Refundable now: ${amount}`,
  children: 'Voids and refunds',
  history: 'History',
  audit: 'Approvals and actions',
  emv: 'Chip card details',
  /** Audit actions in words; an action this build does not know shows with spaces for underscores. */
  auditAction: (action: string): string =>
    ({
      approval_granted: 'Manager approval granted',
      approval_used: 'Manager approval used',
      approval_rejected: 'Manager approval refused',
      override: 'Lane allowed to sell',
      void: 'Void',
      refund: 'Refund',
      lane_override: 'Lane allowed to sell',
      attention_resolved: 'Resolved by a manager',
    })[action] ?? action.replaceAll('_', ' '),
  historyStep: (from: string | null, to: string) => (from === null ? to : `${from} → ${to}`),
  void: 'Void payment',
  refund: 'Refund',
  receipt: 'Receipt',
  checking: 'Checking with the processor…',
  voidConfirm: (amount: string) =>
    `Void this payment of ${amount}? The customer’s card is not charged once it is voided.`,
  refundConfirm: (amount: string) => `Refund ${amount} to the customer’s card?`,
  refundHeading: 'Refund',
  refundAmount: 'Amount to refund',
  refundAmountHint: 'Type the amount, e.g. 15.00. Enter continues, Escape closes.',
  refundHint: (amount: string) => `Up to ${amount} can be refunded.`,
  refundTooMuch: (amount: string) => `Only ${amount} is refundable.`,
  refundSubmit: (amount: string | null) => (amount === null ? 'Refund' : `Refund ${amount}`),
  offerVoid: 'The payment is not settled yet, so it can be voided instead.',
  outcome: {
    approved: { void: 'The payment was voided.', refund: 'The refund was approved.' },
    declined: {
      void: 'The processor refused the void.',
      refund: 'The processor refused the refund.',
    },
    unknown: {
      void: 'Cardlane does not know yet whether the void went through. It is on the Needs attention list; do not void it again meanwhile.',
      refund:
        'Cardlane does not know yet whether the refund went through. It is on the Needs attention list; do not refund it again meanwhile.',
    },
    failed: {
      void: 'The void did not reach the processor. Nothing changed; you can try again.',
      refund: 'The refund did not reach the processor. Nothing changed; you can try again.',
    },
  },
  receiptFailed: (reason: string) =>
    `The refund is recorded, but the receipt step failed: ${reason}. Reprint the receipt from here.`,
  loadFailed: 'The payment could not be loaded.',
};

export const approval = {
  heading: {
    void: 'Manager approval for a void',
    refund: 'Manager approval for a refund',
    override: 'Manager approval to keep selling',
  },
  summary: (action: string, amount: string) => `${action}: ${amount}`,
  chooseManager: 'Manager',
  pin: 'Manager PIN',
  pinHint: 'The manager types their PIN. Enter approves, Escape closes.',
  submit: 'Approve',
  submitting: 'Checking…',
  noManagers: 'No active manager exists on this lane.',
  granted: (name: string) => `Approved by ${name}.`,
};

export const receipt = {
  heading: 'Receipt',
  reprint: 'Reprint',
  printing: 'Printing…',
  printed: 'The copy was sent to the printer.',
  notPrinted: 'No printer took the receipt. Check that a printer is set up.',
  printFailed: (reason: string) => `The receipt did not print: ${reason}`,
  copy: '*** COPY ***',
  card: 'Card',
  entryMode: 'Entry',
  authCode: 'Auth code',
  retref: 'Reference',
  orderId: 'Order',
  merchantId: 'Merchant',
  lane: 'Lane',
  operator: 'Operator',
  total: 'Total',
  requested: 'Requested',
  due: 'Still due',
  partial: 'PARTIAL APPROVAL',
  label: 'Receipt preview',
};

export const attention = {
  heading: 'Needs attention',
  intro: 'Payments whose outcome is open or that need a manager’s decision.',
  empty: 'Nothing needs attention.',
  recover: 'Check all with the processor now',
  recovering: 'Checking…',
  recovered: (checked: number, resolved: number, left: number) =>
    `Checked ${checked}, resolved ${resolved}; ${left} still need attention.`,
  problem: {
    outcome_unknown: 'Outcome unknown',
    unconfirmed_approval: 'Approval not confirmed',
    offline: 'Accepted offline',
    void_failed: 'Void failed',
    refund_unknown: 'Refund outcome unknown',
    void_unknown: 'Void outcome unknown',
    other: 'Needs a check',
  } satisfies Record<AttentionItem['problem'], string>,
  known: 'What is known',
  todo: 'What to do',
  blocksLane: 'This lane takes no new card sales until this is resolved.',
  overridden: (reason: string) => `Selling allowed meanwhile: ${reason}`,
  resolution: {
    recheck: 'Check again',
    charged: 'Mark as charged',
    not_charged: 'Mark as not charged',
    dismiss: 'Dismiss',
  } satisfies Record<AttentionResolution, string>,
  override: 'Keep selling meanwhile',
  reasonLabel: 'Reason (what you checked)',
  reasonHint: 'At least 3 characters. It goes into the audit log.',
  reasonMissing: 'Write what you checked, at least 3 characters.',
  resolveHeading: (label: string) => label,
  resolved: 'Done. The list is up to date.',
  openPayment: 'Open payment',
};

export const report = {
  heading: 'Day report',
  date: 'Day',
  totals: 'Totals',
  sales: 'Sales',
  voids: 'Voids',
  refunds: 'Refunds',
  declines: 'Declines',
  unresolved: 'Open outcome',
  net: 'Net',
  count: 'Count',
  total: 'Total',
  byBrand: 'By card brand',
  byOperator: 'By operator',
  brand: 'Brand',
  operator: 'Operator',
  chartHeading: 'Sales by hour',
  chartScale: (amount: string) => `The tallest bar is ${amount}. Hours run left to right.`,
  unknownBrand: 'Card brand not known',
  chartLabel: (date: string) => `Bar chart of sales by hour on ${date}`,
  chartBar: (label: string, count: number, amount: string) =>
    `${label}: ${count} ${count === 1 ? 'sale' : 'sales'}, ${amount}`,
  dayBounds: (hours: number, zone: string) => `${hours} hours, ${zone}`,
  settlement: 'Settlement',
  loadSettlement: 'Compare with the processor’s batches',
  runSettlement: 'Run settlement (demo)',
  settled: (count: number) => (count === 1 ? '1 payment settled.' : `${count} payments settled.`),
  batches: 'Batches',
  matched: 'Matched',
  gatewayOnly: 'At the processor only',
  journalOnly: 'In the journal only',
  settledTotal: 'Settled total',
  journalTotal: 'Journal total',
  none: 'None',
};

export const settings = {
  heading: 'Settings',
  sections: {
    processor: 'Processor',
    lane: 'Lane and terminal',
    receipt: 'Receipt',
    payments: 'Payments',
    credentials: 'Processor credentials',
    it: 'For IT',
    updates: 'Updates',
  },
  updates: {
    state: 'Update status',
    stateLabel: {
      off: 'Built-in updates are off on this PC',
      idle: 'Up to date',
      checking: 'Checking for an update',
      downloading: 'Downloading an update',
      pending: 'An update is ready to install',
      installing: 'Installing an update',
      failed: 'The last update check failed',
    } as Record<string, string>,
    currentVersion: 'Running version',
    pendingVersion: 'Waiting to install',
    installAt: 'Installs at',
    installAtNote: 'after everyone logs out, or at this time when no payment is open',
    postponedUntil: 'Postponed until',
    problem: 'Problem',
    postpone: 'Postpone 4 hours',
    postponed: 'The update is postponed.',
    unavailable: 'Update status is not available in this window.',
  },
  environment: 'Environment',
  site: 'CardPointe site name',
  siteHint: 'The part before .cardconnect.com, without "-uat"',
  merchantId: 'Merchant ID',
  laneId: 'Lane ID',
  laneIdHint: '1 to 16 letters, digits or hyphens',
  terminalSerial: 'Terminal serial number',
  terminalSerialHint: 'Empty: use the first terminal found',
  terminalPath: 'Terminal port',
  terminalPathHint: 'Empty: find the terminal by its USB id',
  timeZone: 'Store time zone',
  timeZoneHint: 'e.g. America/Chicago',
  receiptHeader: 'Receipt header',
  receiptFooter: 'Receipt footer',
  receiptLinesHint: 'Up to 6 lines of 42 characters',
  idleLock: 'Lock after idle (seconds)',
  idleLockHint: '30 to 7200',
  maxSale: 'Largest sale',
  maxSaleHint: 'e.g. 10000.00',
  unsettledRefunds: 'Refunds before settlement are enabled for this merchant',
  partialApproval: 'When the card covers only part of the amount',
  partial: {
    accept: 'Keep the partial approval; collect the rest another way',
    reverse: 'Reverse the partial approval at once',
  },
  save: 'Save settings',
  saved: 'Settings saved.',
  numberInvalid: 'Type a whole number.',
  amountInvalid: 'Type an amount such as 10000.00.',
  credentialsIntro:
    'The API user and password are stored encrypted and never shown again. Type new ones to replace them.',
  credentialEnvironment: { uat: 'UAT', production: 'Production' },
  credentialStatus: (set: boolean, user: string | null) =>
    set ? `Set for user ${user ?? ''}` : 'Not set',
  apiUser: 'API user',
  apiPassword: 'API password',
  storeCredentials: (environment: string) => `Store ${environment} credentials`,
  credentialsStored: 'Credentials stored.',
  credentialsMissing: 'Type both the API user and the password.',
  secureStorageMissing: (backend: string) =>
    `This computer has no secure storage for secrets (${backend}). Credentials are stored only after a manager accepts keeping them in plain storage.`,
  acceptPlain: 'Accept plain storage',
  testConnection: 'Test connection',
  testing: 'Testing…',
  lastTest: 'Last connection test',
  neverTested: 'Not tested yet',
  testResult: (ok: boolean, message: string) => `${ok ? 'Passed' : 'Failed'}: ${message}`,
  it: {
    appVersion: 'App version',
    environment: 'Gateway environment',
    terminalState: 'Terminal',
    terminalSerial: 'Terminal serial number',
    terminalFirmware: 'Terminal firmware',
    terminalPath: 'Terminal port',
    settingsFile: 'Settings file',
    logFolder: 'Log folder',
    secureStorage: 'Secret storage',
    secureAvailable: (backend: string) => `Secure (${backend})`,
    secureMissing: (backend: string) => `Not available (${backend})`,
    auditVerify: 'Verify audit log',
    auditResult: (ok: boolean, message: string) => `${ok ? 'Intact' : 'Problem'}: ${message}`,
    unknown: 'Not known',
  },
};

export const environmentPrompt = {
  heading: 'Confirm the processor settings',
  body: 'The settings file was changed outside Cardlane. The lane sells nothing until a manager confirms these settings:',
  environment: 'Environment',
  site: 'Site',
  merchantId: 'Merchant ID',
  confirm: 'These are right: confirm',
  later: 'Not now',
};

export const operators = {
  heading: 'Operators',
  create: 'Add an operator',
  name: 'Name',
  role: 'Role',
  pin: 'PIN (4 to 8 digits)',
  submit: 'Add operator',
  created: (name: string) => `${name} was added.`,
  columns: { name: 'Name', role: 'Role', status: 'Status', actions: 'Actions' },
  active: 'Active',
  disabled: 'Disabled',
  lockedUntil: (time: string) => `Locked out until ${time}`,
  tampered: 'Edited outside Cardlane: cashier rights at most',
  disable: (name: string) => `Disable ${name}`,
  enable: (name: string) => `Enable ${name}`,
  resetPin: (name: string) => `Reset PIN of ${name}`,
  disableShort: 'Disable',
  enableShort: 'Enable',
  resetPinShort: 'Reset PIN',
  newPin: 'New PIN',
  resetDone: (name: string) => `The PIN of ${name} was changed.`,
  nameMissing: 'Type the operator’s name.',
};

export const settingsErrorScreen = {
  field: 'Problem',
  nextStep:
    'Correct the field in the settings file with a text editor, or restore a backup, then restart Cardlane. Nothing was reset or overwritten.',
};
