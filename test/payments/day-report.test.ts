import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import { afterEach, describe, expect, it } from 'vitest';

import { openJournalDatabase } from '../../main/journal/database';
import { PaymentQueries } from '../../main/journal/payment-queries';
import { PaymentJournal } from '../../main/journal/payments';
import { dayBounds } from '../../main/payments/local-day';
import { buildDayReport } from '../../main/payments/reports';

const ZONE = 'America/New_York';
const dirs: string[] = [];
const dbs: DatabaseSync[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openJournal(): { db: DatabaseSync; at(iso: string): PaymentJournal } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-report-'));
  dirs.push(dir);
  const db = openJournalDatabase(path.join(dir, 'journal.sqlite'));
  dbs.push(db);
  return { db, at: (iso) => new PaymentJournal(db, () => new Date(iso)) };
}

let sequence = 0;

function approvedSale(
  journal: PaymentJournal,
  amountMinor: number,
  operator = 'Ana',
  brand = 'VISA',
) {
  sequence += 1;
  const row = journal.insertPending({
    orderId: `CREPORT${String(sequence).padStart(8, '0')}`,
    laneId: 'lane1',
    kind: 'sale',
    amountMinor,
    currency: 'USD',
    merchantId: '496160873888',
    environment: 'demo',
    operatorId: operator === 'Ana' ? 7 : 8,
    operatorName: operator,
  });
  return journal.transition(row.id, 'approved', {
    approvedMinor: amountMinor,
    cardBrand: brand,
    cardLast4: '1111',
    retref: String(100000 + sequence),
  });
}

describe('day bounds', () => {
  it('gives the November DST day 25 hours and the March day 23', () => {
    const november = dayBounds(ZONE, '2025-11-02');
    const march = dayBounds(ZONE, '2025-03-09');

    expect(new Date(november.fromMs).toISOString()).toBe('2025-11-02T04:00:00.000Z');
    expect(new Date(november.toMs).toISOString()).toBe('2025-11-03T05:00:00.000Z');
    expect((march.toMs - march.fromMs) / 3_600_000).toBe(23);
  });
});

describe('day report in America/New_York', () => {
  it('counts a sale at 21:30 local on its own day', () => {
    const { db, at } = openJournal();
    // 21:30 EDT on 10 March 2025 is 01:30 UTC on 11 March.
    approvedSale(at('2025-03-11T01:30:00.000Z'), 2150);
    const queries = new PaymentQueries(db);

    const tenth = buildDayReport(queries, ZONE, '2025-03-10', 'USD');
    const eleventh = buildDayReport(queries, ZONE, '2025-03-10'.replace('10', '11'), 'USD');

    expect(tenth.sales).toEqual({ count: 1, totalMinor: 2150 });
    expect(eleventh.sales).toEqual({ count: 0, totalMinor: 0 });
    const hour = tenth.salesByHour.find((entry) => entry.count > 0);
    expect(hour?.label).toBe('21:00 EDT');
  });

  it('reports every sale of the November clock change exactly once', () => {
    const { db, at } = openJournal();
    // One $1.00 sale every 30 minutes from 31 October 12:00 UTC to 5 November 12:00 UTC.
    const start = Date.parse('2025-10-31T12:00:00.000Z');
    const end = Date.parse('2025-11-05T12:00:00.000Z');
    let inserted = 0;
    for (let instant = start; instant < end; instant += 1_800_000) {
      approvedSale(at(new Date(instant).toISOString()), 100);
      inserted += 1;
    }
    const queries = new PaymentQueries(db);

    const days = [
      '2025-10-31',
      '2025-11-01',
      '2025-11-02',
      '2025-11-03',
      '2025-11-04',
      '2025-11-05',
    ];
    const reports = days.map((date) => buildDayReport(queries, ZONE, date, 'USD'));
    const fallBack = reports[2];

    expect(reports.reduce((sum, report) => sum + report.sales.count, 0)).toBe(inserted);
    expect(fallBack?.hours).toBe(25);
    expect(fallBack?.sales.count).toBe(50);
    expect(fallBack?.salesByHour).toHaveLength(25);
    expect(
      fallBack?.salesByHour.map((hour) => hour.label).filter((label) => label.startsWith('01:00')),
    ).toEqual(['01:00 EDT', '01:00 EST']);
    expect(fallBack?.salesByHour.every((hour) => hour.count === 2)).toBe(true);
  });

  it('totals voids, refunds and declines by brand and operator', () => {
    const { db, at } = openJournal();
    const journal = at('2025-06-02T15:00:00.000Z');
    const kept = approvedSale(journal, 4000, 'Ana', 'VISA');
    const voided = approvedSale(journal, 1000, 'Ben', 'MC');
    journal.transition(voided.id, 'voided');
    const refund = journal.insertPending({
      orderId: 'CREFUND000000001',
      laneId: 'lane1',
      kind: 'refund',
      parentId: kept.id,
      amountMinor: 1500,
      currency: 'USD',
      merchantId: '496160873888',
      environment: 'demo',
      operatorId: 8,
      operatorName: 'Ben',
      cardBrand: 'VISA',
    });
    journal.transitionAll([
      { id: refund.id, state: 'approved', update: { approvedMinor: 1500 } },
      { id: kept.id, state: 'partially_refunded' },
    ]);
    const declined = journal.insertPending({
      orderId: 'CDECLINE00000001',
      laneId: 'lane1',
      kind: 'sale',
      amountMinor: 100_500,
      currency: 'USD',
      merchantId: '496160873888',
      environment: 'demo',
      operatorId: 7,
      operatorName: 'Ana',
    });
    journal.transition(declined.id, 'declined');

    const report = buildDayReport(new PaymentQueries(db), ZONE, '2025-06-02', 'USD');

    expect(report.sales).toEqual({ count: 2, totalMinor: 5000 });
    expect(report.voids).toEqual({ count: 1, totalMinor: 1000 });
    expect(report.refunds).toEqual({ count: 1, totalMinor: 1500 });
    expect(report.declines).toEqual({ count: 1, totalMinor: 100_500 });
    expect(report.netMinor).toBe(2500);
    expect(report.byBrand.find((entry) => entry.brand === 'VISA')?.netMinor).toBe(2500);
    expect(report.byBrand.find((entry) => entry.brand === 'MC')?.netMinor).toBe(0);
    const ben = report.byOperator.find((entry) => entry.operatorName === 'Ben');
    expect(ben?.refunds.totalMinor).toBe(1500);
    expect(ben?.voids.count).toBe(1);
    expect(report.hours).toBe(24);
  });
});
