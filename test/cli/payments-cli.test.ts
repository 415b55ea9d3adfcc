import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { runCli, type CliContext } from '../../main/cli/commands';
import { openJournalDatabase } from '../../main/journal/database';
import { PaymentJournal } from '../../main/journal/payments';
import { defaultSettings } from '../../main/settings/schema';
import { ConfSettingsFile } from '../../main/settings/settings-file';
import { SettingsStore } from '../../main/settings/store';
import { openLane } from '../payments/services-harness';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A demo data folder with a manager (PIN 4321), a cashier and two approved sales. */
async function preparedDataDir(): Promise<{ dir: string; saleIds: number[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-cli-'));
  dirs.push(dir);
  const lane = await openLane({}, dir);
  await lane.loginManager();
  const saleIds = [(await lane.sell(4000)).paymentId, (await lane.sell(2500)).paymentId];
  await lane.close();
  return { dir, saleIds };
}

async function cli(
  args: string[],
  dir: string,
  pin: string | null,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const context: CliContext = {
    dataDir: dir,
    json: args.includes('--json'),
    limit: undefined,
    readLine: () => Promise.resolve(pin),
    env: {},
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  };
  const code = await runCli(
    args.filter((arg) => arg !== '--json'),
    context,
  );
  return { code, out, err };
}

function journalState(dir: string, id: number): string {
  const db = openJournalDatabase(path.join(dir, 'journal.sqlite'));
  try {
    return new PaymentJournal(db).require(id).state;
  } finally {
    db.close();
  }
}

describe('command line manager commands', () => {
  it('voids a sale with the manager PIN', async () => {
    const { dir, saleIds } = await preparedDataDir();

    const result = await cli(['void', String(saleIds[0])], dir, '4321');

    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^VOID APPROVED \$40\.00/);
    expect(journalState(dir, saleIds[0] ?? 0)).toBe('voided');
  });

  it('rejects a wrong or missing PIN without touching the sale', async () => {
    const { dir, saleIds } = await preparedDataDir();

    const wrong = await cli(['void', String(saleIds[0])], dir, '9999');
    const missing = await cli(['void', String(saleIds[0])], dir, null);

    expect(wrong.code).toBe(1);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/manager PIN/);
    expect(journalState(dir, saleIds[0] ?? 0)).toBe('approved');
  });

  it('refuses an unsettled refund and reports the day', async () => {
    const { dir, saleIds } = await preparedDataDir();

    const refund = await cli(['refund', String(saleIds[1]), '10.00'], dir, '4321');
    const report = await cli(['report', 'day', '--json'], dir, '4321');
    const recover = await cli(['recover'], dir, '4321');

    expect(refund.code).toBe(1);
    expect(refund.err).toMatch(/Void it instead/);
    expect(report.code).toBe(0);
    const parsed = JSON.parse(report.out) as { sales: { count: number; totalMinor: number } };
    expect(parsed.sales).toEqual({ count: 2, totalMinor: 6500 });
    expect(recover.code).toBe(0);
    expect(recover.out).toMatch(/0 on the needs-attention list/);
  });

  it('refuses void and refund outside demo mode', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-cli-uat-'));
    dirs.push(dir);
    new SettingsStore(new ConfSettingsFile(dir)).write({
      ...defaultSettings(),
      environment: 'uat',
      site: 'fts',
    });

    const result = await cli(['refund', '1', '5.00'], dir, '4321');

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/demo mode only/);
  });

  it('reads the PIN from standard input of the real command', async () => {
    const { dir, saleIds } = await preparedDataDir();

    const child = spawnSync(
      path.resolve('node_modules/.bin/tsx'),
      ['main/cli/cardlane.ts', 'refund', String(saleIds[1]), '5.00', '--data-dir', dir],
      { input: '4321\n', encoding: 'utf8', timeout: 60_000 },
    );

    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/has not settled yet/);
  });
});

describe('setup command', () => {
  it('creates the first manager of a command-line demo folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-cli-setup-'));
    dirs.push(dir);
    const sale = await cli(['sale', '20.00'], dir, null);
    expect(sale.code).toBe(0);

    const created = await cli(['setup', 'Dana'], dir, '2468');
    const voided = await cli(['void', '1'], dir, '2468');
    const again = await cli(['setup', 'Eve'], dir, '1357');
    const audit = await cli(['audit', 'verify'], dir, null);

    expect(created.code).toBe(0);
    expect(created.out).toContain('Created manager "Dana"');
    expect(voided.code).toBe(0);
    expect(journalState(dir, 1)).toBe('voided');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already set up');
    expect(audit.code).toBe(0);
    expect(audit.out).toContain('every HMAC is valid');
  });

  it('rejects a PIN that is not 4 to 8 digits', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-cli-setup-'));
    dirs.push(dir);
    const created = await cli(['setup', 'Dana'], dir, '12');
    expect(created.code).toBe(2);
    expect(created.err).toContain('4 to 8 digits');
  });
});
