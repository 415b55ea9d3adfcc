/**
 * One schema-valid input for every channel of the contract, which the channel tests mutate into
 * attacks. A channel added to the contract without a sample here fails those tests, so every new
 * channel is attacked too.
 */
import type { ChannelName } from '../../common/contract';

export const SAMPLE_INPUTS: Partial<Record<ChannelName, Record<string, unknown>>> = {
  'session.status': {},
  'session.listOperators': {},
  'session.login': { operatorId: 1, pin: '0000' },
  'session.logout': {},
  'setup.createFirstManager': { name: 'Eve', pin: '9999', environment: 'demo' },
  'sale.start': { amountMinor: 100 },
  'sale.cancel': {},
  'sale.current': {},
  'sale.dismiss': {},
  'terminal.status': {},
  'operators.list': {},
  'operators.create': { name: 'Eve', role: 'manager', pin: '9999' },
  'operators.update': { id: 2, role: 'manager' },
  'operators.disable': { id: 2 },
  'operators.resetPin': { id: 1, pin: '0000' },
  'approval.request': { managerId: 1, pin: '0000', action: 'void', paymentId: 1, amountMinor: 100 },
  'settings.get': {},
  'settings.update': { laneId: 'lane9' },
  'settings.setCredentials': { environment: 'uat', user: 'someone', password: 'something' },
  'settings.testConnection': { environment: 'demo' },
  'settings.acceptPlainStorage': { accept: true },
  'settings.confirmEnvironment': {},
  'audit.verify': {},
  'audit.list': { limit: 5 },
  'payments.search': { limit: 5 },
  'payments.get': { paymentId: 1 },
  'payments.inquire': { paymentId: 1 },
  'payments.void': { paymentId: 1, approvalId: 'a'.repeat(32) },
  'payments.refund': { paymentId: 1, amountMinor: 100, approvalId: 'a'.repeat(32) },
  'payments.recover': {},
  'payments.resolve': { paymentId: 1, resolution: 'dismiss', reason: 'checked with the processor' },
  'attention.list': {},
  'attention.overrideLane': { paymentId: 1, reason: 'checked with the processor' },
  'reports.day': { date: '2025-03-01' },
  'reports.settlement': { date: '2025-03-01' },
  'reports.runDemoSettlement': {},
  'receipts.get': { paymentId: 1 },
  'receipts.print': { paymentId: 1 },
  'updates.status': {},
  'updates.postpone': { hours: 4 },
};

/** Returns the sample for a channel; throws, naming the channel, when it has none. */
export function sampleFor(channel: ChannelName): Record<string, unknown> {
  const sample = SAMPLE_INPUTS[channel];
  if (sample === undefined) {
    throw new Error(
      `test/security/samples.ts has no sample input for channel "${channel}"; add one.`,
    );
  }
  return sample;
}

/** A marker that must never come back in an error message. */
export const ECHO_MARKER = 'ZQXJECHOMARKER';

/**
 * Inputs that violate the channel's schema whatever its fields are: not an object, an extra key,
 * prototype keys from JSON.parse, and each field of the sample given a wrong type or an oversized
 * or out-of-range value.
 */
export function schemaAttacks(sample: Record<string, unknown>): { name: string; input: unknown }[] {
  const attacks: { name: string; input: unknown }[] = [
    { name: 'a string', input: ECHO_MARKER },
    { name: 'a number', input: 7 },
    { name: 'true', input: true },
    { name: 'an array', input: [sample] },
    { name: 'an extra key', input: { ...sample, isManager: ECHO_MARKER } },
    {
      name: 'a __proto__ key',
      input: JSON.parse(
        `{"__proto__":{"role":"manager","polluted":"${ECHO_MARKER}"},${JSON.stringify(sample).slice(1)}`.replace(
          ',}',
          '}',
        ),
      ),
    },
    {
      name: 'a constructor key',
      input: JSON.parse(
        `{"constructor":{"prototype":{"polluted":"${ECHO_MARKER}"}},${JSON.stringify(sample).slice(1)}`.replace(
          ',}',
          '}',
        ),
      ),
    },
  ];
  for (const [field, value] of Object.entries(sample)) {
    const replace = (replacement: unknown) => ({ ...sample, [field]: replacement });
    if (typeof value === 'string') {
      attacks.push({ name: `${field} as a number`, input: replace(12345) });
      attacks.push({ name: `${field} as an object`, input: replace({ toString: ECHO_MARKER }) });
      attacks.push({ name: `${field} oversized`, input: replace(ECHO_MARKER.repeat(8_000)) });
    } else if (typeof value === 'number') {
      attacks.push({ name: `${field} as a string`, input: replace(String(value)) });
      attacks.push({ name: `${field} negative`, input: replace(-1) });
      attacks.push({ name: `${field} fractional`, input: replace(1.5) });
      attacks.push({ name: `${field} NaN`, input: replace(Number.NaN) });
      attacks.push({ name: `${field} infinite`, input: replace(Number.POSITIVE_INFINITY) });
      attacks.push({ name: `${field} unsafe`, input: replace(2 ** 53 + 2) });
    } else if (typeof value === 'boolean') {
      attacks.push({ name: `${field} as a string`, input: replace('true') });
    }
    attacks.push({ name: `${field} null`, input: replace(null) });
    attacks.push({ name: `${field} as an array`, input: replace([value]) });
  }
  return attacks;
}
