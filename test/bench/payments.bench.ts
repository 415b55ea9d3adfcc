/**
 * Payments engine figures: main-process time per demo sale, the journal's commit time, and the
 * day report and a last-4 search over a journal of 1,000,000 payments. Printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { startCore } from '../../main/core';
import { openJournalDatabase } from '../../main/journal/database';
import { PaymentQueries } from '../../main/journal/payment-queries';
import { PaymentJournal } from '../../main/journal/payments';
import { dayBounds } from '../../main/payments/local-day';
import { buildDayReport } from '../../main/payments/reports';
import { defaultSettings } from '../../main/settings/schema';
import { median, ms, percentile } from './stats';

const SALES = 1_000;
const COMMITS = 1_000;
const JOURNAL_ROWS = 1_000_000;
/** Days the generated journal spans, so a day contains about 10,000 payments. */
const JOURNAL_DAYS = 100;
const QUERY_RUNS = 20;
const ZONE = 'America/New_York';

async function demoSales(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-bench-payments-'));
  const settings = defaultSettings();
  const core = await startCore({
    dataDir,
    settings: () => settings,
    demoTerminal: { promptDelayMs: 0, cardDelayMs: 0 },
  });
  try {
    const samples: number[] = [];
    let approved = 0;
    const cpuBefore = process.cpuUsage();
    for (let index = 0; index < SALES; index += 1) {
      const started = performance.now();
      const progress = core.sales.start(100 + (index % 900), null);
      const finished = await core.sales.waitUntilFinished(progress.paymentId);
      samples.push(performance.now() - started);
      if (finished.stage === 'approved') approved += 1;
      core.sales.dismiss();
    }
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `demo sale, start to confirmed result (${SALES} sales, ${approved} approved, no programmed delay;`,
    );
    console.log('  includes the in-process gateway and terminal simulators):');
    console.log(`  median ${ms(median(samples))}, p99 ${ms(percentile(samples, 0.99))}`);
    console.log(`  process CPU per sale ${ms((cpu.user + cpu.system) / 1000 / SALES)}`);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function commitTime(): void {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-bench-commit-'));
  const db = openJournalDatabase(path.join(dataDir, 'journal.sqlite'));
  try {
    const journal = new PaymentJournal(db);
    const inserts: number[] = [];
    const transitions: number[] = [];
    for (let index = 0; index < COMMITS; index += 1) {
      let started = performance.now();
      const row = journal.insertPending({
        orderId: `CBENCH${String(index).padStart(10, '0')}`,
        laneId: 'lane1',
        kind: 'sale',
        amountMinor: 1000,
        currency: 'USD',
        merchantId: '496160873888',
        environment: 'demo',
        operatorId: null,
        operatorName: null,
      });
      inserts.push(performance.now() - started);
      started = performance.now();
      journal.transition(row.id, 'approved', { approvedMinor: 1000, retref: String(index) });
      transitions.push(performance.now() - started);
    }
    console.log(`journal commit (WAL, synchronous=FULL, file in ${os.tmpdir()}, ${COMMITS} each):`);
    console.log(
      `  insert pending: median ${ms(median(inserts))}, p99 ${ms(percentile(inserts, 0.99))}`,
    );
    console.log(
      `  state transition: median ${ms(median(transitions))}, p99 ${ms(percentile(transitions, 0.99))}`,
    );
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function bigJournal(): void {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-bench-journal-'));
  const db = openJournalDatabase(path.join(dataDir, 'journal.sqlite'));
  try {
    const firstDay = Date.parse('2025-01-01T05:00:00.000Z');
    const span = JOURNAL_DAYS * 86_400_000;
    const brands = ['VISA', 'MC', 'AMEX', 'DISC'];
    const states = [
      'approved',
      'approved',
      'approved',
      'approved',
      'declined',
      'voided',
      'partially_refunded',
    ];
    let started = performance.now();
    // One transaction with one prepared statement: the fast path for a generated journal.
    db.exec('BEGIN');
    const insert = db.prepare(
      `INSERT INTO payments (order_id, lane_id, kind, state, amount_minor, approved_minor, currency, merchant_id,
         environment, operator_id, operator_name, card_brand, card_last4, retref, created_at, updated_at)
       VALUES (?, 'lane1', 'sale', ?, ?, ?, 'USD', '496160873888', 'demo', ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let index = 0; index < JOURNAL_ROWS; index += 1) {
      const at = new Date(firstDay + Math.floor((index / JOURNAL_ROWS) * span)).toISOString();
      const state = states[index % states.length] ?? 'approved';
      const amount = 100 + ((index * 7919) % 50_000);
      insert.run(
        `CGEN${String(index).padStart(12, '0')}`,
        state,
        amount,
        state === 'declined' ? null : amount,
        1 + (index % 5),
        `Operator ${1 + (index % 5)}`,
        brands[index % brands.length] ?? 'VISA',
        String((index * 7) % 10_000).padStart(4, '0'),
        String(100_000_000_000 + index),
        at,
        at,
      );
    }
    db.exec('COMMIT');
    console.log(
      `journal of ${JOURNAL_ROWS.toLocaleString('en-US')} payments over ${JOURNAL_DAYS} days, generated in ${ms(performance.now() - started)}`,
    );

    const queries = new PaymentQueries(db);
    const reportTimes: number[] = [];
    let dayCount = 0;
    for (let run = 0; run < QUERY_RUNS; run += 1) {
      started = performance.now();
      const report = buildDayReport(queries, ZONE, '2025-02-15', 'USD');
      reportTimes.push(performance.now() - started);
      dayCount = report.sales.count + report.declines.count;
    }
    const searchTimes: number[] = [];
    const pagedTimes: number[] = [];
    let found = 0;
    const bounds = dayBounds(ZONE, '2025-02-15');
    for (let run = 0; run < QUERY_RUNS; run += 1) {
      const last4 = String(1000 + run * 37).padStart(4, '0');
      started = performance.now();
      found = queries.search({ last4, limit: 50 }).rows.length;
      searchTimes.push(performance.now() - started);
      started = performance.now();
      queries.search({
        last4,
        fromIso: new Date(bounds.fromMs).toISOString(),
        toIso: new Date(bounds.toMs).toISOString(),
        limit: 50,
      });
      pagedTimes.push(performance.now() - started);
    }
    console.log(
      `  day report (${dayCount.toLocaleString('en-US')} payments that day, ${QUERY_RUNS} runs): median ${ms(median(reportTimes))}, p99 ${ms(percentile(reportTimes, 0.99))}`,
    );
    console.log(
      `  last-4 search, all days, first page of 50 (${found} rows): median ${ms(median(searchTimes))}, p99 ${ms(percentile(searchTimes, 0.99))}`,
    );
    console.log(
      `  last-4 search within one day: median ${ms(median(pagedTimes))}, p99 ${ms(percentile(pagedTimes, 0.99))}`,
    );
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<void> {
  await demoSales();
  commitTime();
  bigJournal();
}
