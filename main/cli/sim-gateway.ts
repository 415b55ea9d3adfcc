/**
 * Runs the CardPointe Gateway simulator on its own: `npm run sim:gateway -- --port 9000`.
 * Prints the URL it listens on and runs until interrupted.
 */
import { parseArgs } from 'node:util';

import { configureLogging } from '../log/logger';
import {
  startGatewaySimulator,
  UAT_MERCHANT_ID,
  UAT_TEST_CREDENTIALS,
} from '../simulators/gateway';

const USAGE = `Usage: sim-gateway [options]

Runs a CardPointe Gateway simulator on 127.0.0.1 that accepts the public UAT credentials
(user "${UAT_TEST_CREDENTIALS.user}", password "${UAT_TEST_CREDENTIALS.password}", merchant ${UAT_MERCHANT_ID}).

Options:
  --port <port>            TCP port to listen on (default 0: a free port)
  --state-file <path>      keep transactions in this JSON file instead of memory
  --merchant <id>          accepted merchant id; repeat for several (default ${UAT_MERCHANT_ID})
  --user <name>            accepted API user (default ${UAT_TEST_CREDENTIALS.user}); needs --password
  --password <password>    accepted API password (default ${UAT_TEST_CREDENTIALS.password})
  --control-api            serve the test-only control routes under /__control/
  --uat-fidelity           shuffle reply fields, add junk fields and apply UAT's rate limit
  --timeout-delay <ms>     delay before the "Timed out" reply of the timeout test cards (default 0)
  --seed <n>               seed for retrefs and auth codes
  --verbose                write log lines to stderr
  -h, --help               show this help
`;

function fail(message: string): never {
  process.stderr.write(`sim-gateway: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integerOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    fail(`--${name} must be an integer from ${min} to ${max}, got "${value}".`);
  }
  return Number(value);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        'state-file': { type: 'string' },
        merchant: { type: 'string', multiple: true },
        user: { type: 'string' },
        password: { type: 'string' },
        'control-api': { type: 'boolean' },
        'uat-fidelity': { type: 'boolean' },
        'timeout-delay': { type: 'string' },
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
  if ((values.user === undefined) !== (values.password === undefined)) {
    fail('--user and --password go together.');
  }
  if (values.verbose === true) configureLogging({ console: true, level: 'debug' });

  const simulator = await startGatewaySimulator({
    port: integerOption('port', values.port, 0, 65_535) ?? 0,
    stateFile: values['state-file'] ?? null,
    merchantIds: values.merchant ?? [UAT_MERCHANT_ID],
    credentials:
      values.user !== undefined && values.password !== undefined
        ? [{ user: values.user, password: values.password }]
        : [UAT_TEST_CREDENTIALS],
    controlApi: values['control-api'] === true,
    uatFidelity: values['uat-fidelity'] === true,
    timeoutCardDelayMs: integerOption('timeout-delay', values['timeout-delay'], 0, 600_000) ?? 0,
    seed: integerOption('seed', values.seed, 0, 2 ** 31 - 1),
  });
  process.stdout.write(`${simulator.url}\n`);
  process.stderr.write(
    `sim-gateway: listening; REST base URL ${simulator.restUrl} ` +
      '(pass it to sim:terminal --gateway); Ctrl+C stops it.\n',
  );

  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sim-gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
