/**
 * The headless command line: `npm run cardlane -- <command>`. It runs the same services as the
 * app under plain Node and never loads a module that imports `electron`.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { runCli } from './commands';

const usage = `Usage: npm run cardlane -- <command> [options]

Commands:
  sale <amount> [--json]   Ring up a card sale, e.g. "sale 12.34". In demo mode the simulated
                           terminal presents a test card.
  journal [--json]         List the newest payments in the journal.
  setup <name>             Create the first manager of a demo data folder used only by the
                           command line; the PIN (4 to 8 digits) is read from standard input.
  audit verify [--json]    Check the audit log's chain; with CARDLANE_AUDIT_KEY set, also its
                           HMACs.
  void <payment>           Void an unsettled sale by its journal id.
  refund <payment> <amount>
                           Refund a settled sale in full or in part, e.g. "refund 42 15.00".
  recover                  Resolve payments whose outcome is open through the gateway.
  report day [<date>]      Day report for a store-local date (YYYY-MM-DD; default today).

  void, refund, recover and report read a manager PIN from standard input and run in demo
  mode only, because the command line cannot read the app's secure storage.

Options:
  --data-dir DIR           Data folder (default: CARDLANE_DATA_DIR, or the app's data folder).
  --json                   Print machine-readable JSON.
  --limit N                Rows for "journal" (default 50).
  --manager NAME           The manager whose PIN is on standard input (default: the only one).
  -h, --help               Show this help.

Outside demo mode the gateway credentials come from CARDLANE_GATEWAY_USER and
CARDLANE_GATEWAY_PASSWORD and are never written anywhere.`;

async function main(): Promise<number> {
  // parseArgs would read "-1" as an unknown option; a negative amount gets the amount message.
  const negative = process.argv.slice(3).find((arg) => /^-\d/.test(arg));
  if (negative !== undefined && ['sale', 'refund'].includes(process.argv[2] ?? '')) {
    process.stderr.write(
      `cardlane: "${negative}" is not an amount; amounts must be more than zero.\n`,
    );
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        manager: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`cardlane: ${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    process.stdout.write(`${usage}\n`);
    return parsed.values.help ? 0 : 2;
  }
  return runCli(parsed.positionals, {
    dataDir: parsed.values['data-dir'],
    json: parsed.values.json ?? false,
    limit: parsed.values.limit,
    manager: parsed.values.manager,
    readLine: readStdinLine,
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

/** Reads the first line of standard input, or null when it ends first. */
function readStdinLine(): Promise<string | null> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once('close', () => {
      if (!answered) resolve(null);
    });
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cardlane: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
