/**
 * Runs the PAE terminal simulator on a real serial path:
 * `npm run sim:terminal -- --path /dev/pts/5 --gateway http://127.0.0.1:9000/cardconnect/rest`.
 * The device authorizes through the gateway's `auth` route and runs until interrupted.
 */
import { parseArgs } from 'node:util';

import { configureLogging } from '../log/logger';
import {
  AMEX_TEST_CARD,
  attachSimulatorToPath,
  DEMO_CREDENTIALS,
  DEMO_MERCHANT_ID,
  MASTERCARD_TEST_CARD,
  PARTIAL_APPROVAL_CARD,
  VISA_TEST_CARD,
  type DptScenario,
  type SimulatedCard,
} from '../simulators/terminal';

const CARDS: Record<string, SimulatedCard> = {
  visa: VISA_TEST_CARD,
  mastercard: MASTERCARD_TEST_CARD,
  amex: AMEX_TEST_CARD,
  partial: PARTIAL_APPROVAL_CARD,
};

const SCENARIOS: DptScenario[] = [
  'authorize',
  'card_timeout',
  'card_error',
  'fallback',
  'chip_error',
  'bad_read',
  'no_key',
];

/**
 * Accepts the gateway simulator's origin as printed by sim:gateway or its REST base URL, and
 * returns the REST base URL the device posts `auth` to.
 */
function restBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(
      `--gateway "${text}" is not a URL; use the one sim:gateway prints, e.g. http://127.0.0.1:9000.`,
    );
  }
  if (url.pathname === '/' || url.pathname === '') {
    url.pathname = '/cardconnect/rest';
  }
  return url.toString().replace(/\/$/, '');
}

const USAGE = `Usage: sim-terminal --path <serial path> --gateway <url> [options]

Simulates a CardPointe Unattended (PAE) card terminal on a serial path, for example one end of
"socat -d -d pty,raw,echo=0 pty,raw,echo=0". Payments are authorized through the gateway's auth
route, which must be on 127.0.0.1 or ::1.

Options:
  --path <path>            serial path to open (required)
  --gateway <url>          the gateway simulator's URL as sim:gateway prints it, e.g.
                           http://127.0.0.1:9000, or its REST base URL (required)
  --merchant <id>          merchant id the device charges under (default ${DEMO_MERCHANT_ID})
  --user <name>            gateway API user (default ${DEMO_CREDENTIALS.user}); needs --password
  --password <password>    gateway API password (default ${DEMO_CREDENTIALS.password})
  --serial <hsn>           serial number reported by GTI (default 103T662933)
  --card <name>            card the customer presents: ${Object.keys(CARDS).join(', ')} (default visa)
  --scenario <name>        what happens at the card read: ${SCENARIOS.join(', ')} (default authorize)
  --prompt-delay <ms>      delay before each prompt frame (default 250)
  --card-delay <ms>        time between INSERT CARD and the card read (default 1000)
  --byte-per-tick          deliver every frame one byte at a time
  --seed <n>               seed for ids, tokens and fault positions (default 1)
  --verbose                write log lines to stderr
  -h, --help               show this help
`;

function fail(message: string): never {
  process.stderr.write(`sim-terminal: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integerOption(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    fail(`--${name} must be an integer from 0 to ${max}, got "${value}".`);
  }
  return Number(value);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        path: { type: 'string' },
        gateway: { type: 'string' },
        merchant: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        serial: { type: 'string' },
        card: { type: 'string' },
        scenario: { type: 'string' },
        'prompt-delay': { type: 'string' },
        'card-delay': { type: 'string' },
        'byte-per-tick': { type: 'boolean' },
        seed: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const values = parsed.values;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.path === undefined) fail('--path is required.');
  if (values.gateway === undefined) fail('--gateway is required.');
  const gatewayRestUrl = restBaseUrl(values.gateway);
  if ((values.user === undefined) !== (values.password === undefined)) {
    fail('--user and --password must be given together.');
  }
  const card = values.card === undefined ? VISA_TEST_CARD : CARDS[values.card];
  if (card === undefined)
    fail(`--card must be one of ${Object.keys(CARDS).join(', ')}, got "${values.card}".`);
  const scenario = (values.scenario ?? 'authorize') as DptScenario;
  if (!SCENARIOS.includes(scenario))
    fail(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${values.scenario}".`);
  if (values.serial !== undefined && !/^[A-Za-z0-9]{1,32}$/.test(values.serial)) {
    fail(`--serial must be 1 to 32 letters and digits, got "${values.serial}".`);
  }
  if (values.merchant !== undefined && !/^\d{6,16}$/.test(values.merchant)) {
    fail(`--merchant must be 6 to 16 digits, got "${values.merchant}".`);
  }
  if (values.verbose === true) {
    configureLogging({ console: true, level: 'debug' });
  }

  let device;
  try {
    device = await attachSimulatorToPath(values.path, {
      gatewayRestUrl,
      credentials:
        values.user !== undefined && values.password !== undefined
          ? { user: values.user, password: values.password }
          : undefined,
      merchantId: values.merchant,
      serialNumber: values.serial,
      card,
      scenario,
      promptDelayMs: integerOption('prompt-delay', values['prompt-delay'], 600_000),
      cardDelayMs: integerOption('card-delay', values['card-delay'], 600_000),
      seed: integerOption('seed', values.seed, 2 ** 31),
      faults: values['byte-per-tick'] === true ? { delivery: 'byte_per_tick' } : {},
    });
  } catch (error) {
    process.stderr.write(
      `sim-terminal: could not start on ${values.path}: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }

  device.simulator.on(
    'payment',
    (record: { orderId: string; result: string; responseCode: string }) => {
      process.stdout.write(
        `sim-terminal: DPT ${record.orderId} ${record.result} (${record.responseCode})\n`,
      );
    },
  );
  device.simulator.on('gateway-error', (error: Error) => {
    process.stderr.write(`sim-terminal: gateway auth failed: ${error.message}\n`);
  });
  process.stdout.write(
    `sim-terminal: simulating a PAE terminal on ${values.path}, authorizing through ${gatewayRestUrl}\n`,
  );

  const shutdown = (): void => {
    void device.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
