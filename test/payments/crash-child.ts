/**
 * The process a crash test kills: main's core (journal, gateway client, PAE driver on a real pty,
 * sale flow) against a gateway simulator and a device simulator that live in the parent test.
 * It runs start-up recovery, reports the journal, and with CRASH_POINT set starts one sale and
 * freezes at that point until the parent kills it with SIGKILL.
 *
 * Environment: CRASH_DATA_DIR, CRASH_GATEWAY_ORIGIN (loopback), CRASH_TERMINAL_PATH (pty),
 * CRASH_POINT (none | journaled | dpt_sent | final_frame | gateway_approved), CRASH_AMOUNT (minor units).
 * Messages to the parent are JSON lines on stdout.
 */
import { startCore } from '../../main/core';
import type { PaymentRow } from '../../main/journal/payments';
import type { SaleHooks } from '../../main/payments/sale-service';
import { defaultSettings, type Settings } from '../../main/settings/schema';

function send(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/**
 * Blocks the event loop so nothing after this point runs before the parent's SIGKILL. A child
 * whose parent is gone exits after 30 s instead of waiting forever.
 */
function freeze(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, 30_000);
  process.exit(3);
}

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`crash child: ${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const point = process.env.CRASH_POINT ?? 'none';
  const settings: Settings = {
    ...defaultSettings(),
    environment: 'uat',
    site: 'fts',
    terminal: { ...defaultSettings().terminal, path: env('CRASH_TERMINAL_PATH') },
    timeZone: 'UTC',
  };
  const stopAt = (name: string) => (row: PaymentRow) => {
    if (point !== name) return;
    send({ event: 'point', point: name, paymentId: row.id, orderId: row.orderId });
    freeze();
  };
  const hooks: SaleHooks = {
    afterJournaled: stopAt('journaled'),
    afterDptSent: stopAt('dpt_sent'),
    afterTerminalOutcome: stopAt('final_frame'),
  };

  const core = await startCore({
    dataDir: env('CRASH_DATA_DIR'),
    settings: () => settings,
    credentials: { user: 'testing', password: 'testing123' },
    gatewayLoopbackOrigin: env('CRASH_GATEWAY_ORIGIN'),
    recovery: { pauseMs: 10 },
    terminalTimeouts: { dptInactivityMs: 3_000 },
    saleHooks: hooks,
  });
  const rows = core.journal
    .listRecent(1000)
    .map((row) => ({ id: row.id, orderId: row.orderId, state: row.state, retref: row.retref }));
  const terminal = core.terminal.status();
  send({ event: 'recovered', rows, terminal: { state: terminal.state, reason: terminal.reason } });

  if (point === 'none') {
    await core.close();
    return;
  }
  const started = core.sales.start(Number(env('CRASH_AMOUNT')), null);
  send({ event: 'started', paymentId: started.paymentId, orderId: started.orderId });
  const finished = await core.sales.waitUntilFinished(started.paymentId);
  // Reached only when the parent did not kill the process at the point (a test defect).
  send({ event: 'finished', stage: finished.stage });
  await core.close();
}

main().catch((error: unknown) => {
  send({ event: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
