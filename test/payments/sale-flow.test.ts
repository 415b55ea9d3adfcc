import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startCore, type Core, type CoreOptions } from '../../main/core';
import { defaultSettings, type Settings } from '../../main/settings/schema';
import { PARTIAL_APPROVAL_CARD } from '../../main/simulators/terminal';

const cores: Core[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function demoCore(
  change: Partial<Settings> = {},
  extra: Partial<CoreOptions> = {},
  dataDir?: string,
): Promise<Core> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cardlane-sale-'));
  if (dataDir === undefined) dirs.push(dir);
  const settings = { ...defaultSettings(), ...change };
  const core = await startCore({
    dataDir: dir,
    settings: () => settings,
    recovery: { pauseMs: 10 },
    ...extra,
    demoTerminal: { promptDelayMs: 0, cardDelayMs: 0, ...extra.demoTerminal },
  });
  cores.push(core);
  return core;
}

async function sell(core: Core, amountMinor: number) {
  const started = core.sales.start(amountMinor, { id: 7, name: 'Ana', role: 'cashier' });
  return core.sales.waitUntilFinished(started.paymentId);
}

describe('demo sale', () => {
  it('approves $12.34 and records it under one order id in journal and gateway', async () => {
    const core = await demoCore();
    const finished = await sell(core, 1234);

    expect(finished.stage).toBe('approved');
    expect(finished.result?.card.last4).toBe('1111');
    expect(finished.result?.retref).toMatch(/^\d+$/);
    const row = core.journal.require(finished.paymentId);
    expect(row.state).toBe('approved');
    expect(row.approvedMinor).toBe(1234);
    expect(row.operatorName).toBe('Ana');

    const atGateway =
      core.demoGateway
        ?.transactions()
        .filter((transaction) => transaction.orderId === row.orderId) ?? [];
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]?.retref).toBe(row.retref);
    expect(atGateway[0]?.amountMinor).toBe(1234);
    expect(core.journal.history(row.id).map((event) => event.toState)).toEqual([
      'pending',
      'confirming',
      'approved',
    ]);
  });

  it('declines $1005.00 with response code 05', async () => {
    const core = await demoCore();
    const finished = await sell(core, 100_500);

    expect(finished.stage).toBe('declined');
    expect(finished.result?.respCode).toBe('05');
    expect(core.journal.require(finished.paymentId).state).toBe('declined');
  });

  it('starts one sale for two charge calls 50 ms apart', async () => {
    const core = await demoCore({}, { demoTerminal: { promptDelayMs: 20, cardDelayMs: 100 } });
    const first = core.sales.start(2500, null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = core.sales.start(2500, null);
    await core.sales.waitUntilFinished(first.paymentId);

    expect(second.paymentId).toBe(first.paymentId);
    expect(core.demoTerminal?.payments.filter((payment) => payment.paymentType === 1)).toHaveLength(
      1,
    );
    expect(core.journal.listRecent(10)).toHaveLength(1);
  });

  it('rejects an amount above the lane maximum before journaling', async () => {
    const core = await demoCore({ maxSaleMinor: 5000 });
    expect(() => core.sales.start(5001, null)).toThrow(/maximum of \$50\.00/);
    expect(core.journal.listRecent(10)).toHaveLength(0);
  });

  it('keeps a partial approval and shows the amount due', async () => {
    const core = await demoCore(
      { partialApproval: 'accept' },
      { demoTerminal: { card: PARTIAL_APPROVAL_CARD } },
    );
    const finished = await sell(core, 5000);

    expect(finished.stage).toBe('partially_approved');
    expect(finished.result?.approvedMinor).toBe(500);
    expect(finished.notice).toContain('$45.00 still due');
    expect(core.journal.require(finished.paymentId).state).toBe('approved');
  });

  it('reverses a partial approval when the policy says so', async () => {
    const core = await demoCore(
      { partialApproval: 'reverse' },
      { demoTerminal: { card: PARTIAL_APPROVAL_CARD } },
    );
    const finished = await sell(core, 5000);

    const row = core.journal.require(finished.paymentId);
    expect(row.state).toBe('voided');
    const atGateway = core.demoGateway
      ?.transactions()
      .find((transaction) => transaction.orderId === row.orderId);
    expect(atGateway?.voided).toBe(true);
  });

  it('cancels before the card is read without charging', async () => {
    const core = await demoCore({}, { demoTerminal: { promptDelayMs: 0, cardDelayMs: 2000 } });
    const started = core.sales.start(1500, null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await core.sales.cancel();
    const finished = await core.sales.waitUntilFinished(started.paymentId);

    expect(finished.stage).toBe('cancelled');
    expect(core.journal.require(started.paymentId).state).toBe('cancelled');
    const orderId = core.journal.require(started.paymentId).orderId;
    expect(
      core.demoGateway?.transactions().filter((transaction) => transaction.orderId === orderId),
    ).toHaveLength(0);
  });

  it('recovers a lost final frame through the gateway as one approval', async () => {
    // A short watchdog makes the driver give up on the missing final frame quickly.
    const core = await demoCore(
      {},
      {
        demoTerminal: { faults: { dropFinal: true } },
        terminalTimeouts: { dptInactivityMs: 300, recoveringPollMs: 50, recoveringMaxMs: 1000 },
      },
    );
    const finished = await sell(core, 2000);

    const row = core.journal.require(finished.paymentId);
    expect(row.state).toBe('approved');
    const live = core.demoGateway
      ?.transactions()
      .filter((transaction) => transaction.orderId === row.orderId && !transaction.voided);
    expect(live).toHaveLength(1);
    expect(core.journal.history(row.id).map((event) => event.toState)).toContain('unknown');
  });
});

describe('terminal settings', () => {
  it('take the payment watchdog from the settings', async () => {
    const core = await demoCore(
      { terminal: { ...defaultSettings().terminal, paymentInactivitySeconds: 5 } },
      { demoTerminal: { faults: { dropFinal: true } }, terminalTimeouts: { recoveringPollMs: 50 } },
    );
    const finished = await sell(core, 2100);

    const history = core.journal.history(finished.paymentId);
    expect(history.find((event) => event.toState === 'unknown')?.note).toContain('5000 ms');
    expect(core.journal.require(finished.paymentId).state).toBe('approved');
  }, 20_000);
});

describe('offline sale', () => {
  it('is journaled offline and approved once the terminal forwards it', async () => {
    const core = await demoCore();
    core.demoTerminal?.setOnline(false);
    const finished = await sell(core, 3300);

    expect(finished.stage).toBe('offline');
    expect(core.journal.require(finished.paymentId).state).toBe('offline');
    await core.sales.recoverAll();
    expect(core.journal.require(finished.paymentId).state).toBe('offline');

    core.demoTerminal?.setOnline(true);
    const orderId = core.journal.require(finished.paymentId).orderId;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (core.demoGateway?.transactions().some((transaction) => transaction.orderId === orderId))
        break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await core.sales.recoverAll();

    const row = core.journal.require(finished.paymentId);
    expect(row.state).toBe('approved');
    expect(row.retref).toBe(
      core.demoGateway?.transactions().find((transaction) => transaction.orderId === orderId)
        ?.retref,
    );
  });
});

describe('recovery at start', () => {
  it('fails a pending row the gateway never saw, then lets the lane sell', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-recover-'));
    dirs.push(dataDir);
    const first = await demoCore({}, {}, dataDir);
    const orphan = first.journal.insertPending({
      orderId: 'CTEST0000000001',
      laneId: 'lane1',
      kind: 'sale',
      amountMinor: 700,
      currency: 'USD',
      merchantId: '496160873888',
      environment: 'demo',
      operatorId: null,
      operatorName: null,
    });
    expect(() => first.sales.start(100, null)).toThrow(/not known yet/);
    await first.close();
    cores.splice(cores.indexOf(first), 1);

    const second = await demoCore({}, {}, dataDir);
    expect(second.journal.require(orphan.id).state).toBe('failed');
    const finished = await sell(second, 100);
    expect(finished.stage).toBe('approved');
  });
});
