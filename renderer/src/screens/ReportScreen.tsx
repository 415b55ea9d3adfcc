import { useEffect, useState } from 'react';

import type { DayReport, SettlementReconciliation } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { HourChart } from '../components/HourChart';
import { useApp, useAppStore } from '../context';
import { formatAmount, formatSigned, localToday } from '../format';
import { useFocusOnMount } from '../hooks';
import * as strings from '../strings';

type Total = { count: number; totalMinor: number };

function TotalsTable({ report }: { report: DayReport }) {
  const r = strings.report;
  const rows: [string, Total, string][] = [
    [r.sales, report.sales, 'sales'],
    [r.voids, report.voids, 'voids'],
    [r.refunds, report.refunds, 'refunds'],
    [r.declines, report.declines, 'declines'],
    [r.unresolved, report.unresolved, 'unresolved'],
  ];
  return (
    <table className="table" data-testid="report-totals">
      <caption className="visually-hidden">{r.totals}</caption>
      <thead>
        <tr>
          <th scope="col">{r.totals}</th>
          <th scope="col" className="table__num">
            {r.count}
          </th>
          <th scope="col" className="table__num">
            {r.total}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, total, id]) => (
          <tr key={id} data-testid={`total-${id}`}>
            <th scope="row">{label}</th>
            <td className="table__num">{total.count}</td>
            <td className="table__num">{formatAmount(Math.abs(total.totalMinor))}</td>
          </tr>
        ))}
        <tr className="table__strong" data-testid="total-net">
          <th scope="row">{r.net}</th>
          <td />
          <td className="table__num">{formatSigned(report.netMinor)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function SettlementView({ result }: { result: SettlementReconciliation }) {
  const r = strings.report;
  const list = (entries: SettlementReconciliation['matched'], id: string) =>
    entries.length === 0 ? (
      <p>{r.none}</p>
    ) : (
      <ul className="plain-list" data-testid={id}>
        {entries.map((entry) => (
          <li key={`${entry.retref}-${entry.batchId ?? ''}`}>
            {`${entry.orderId ?? entry.retref} · ${formatSigned(entry.amountMinor)}${entry.batchId === null ? '' : ` · ${entry.batchId}`}`}
          </li>
        ))}
      </ul>
    );
  return (
    <div className="panel" data-testid="settlement">
      <p role="status">{result.message}</p>
      <dl className="facts">
        <div className="facts__row">
          <dt>{r.settledTotal}</dt>
          <dd>{formatSigned(result.settledTotalMinor)}</dd>
        </div>
        <div className="facts__row">
          <dt>{r.journalTotal}</dt>
          <dd>{formatSigned(result.journalTotalMinor)}</dd>
        </div>
        <div className="facts__row">
          <dt>{r.batches}</dt>
          <dd>
            {result.batches.length === 0
              ? r.none
              : result.batches
                  .map(
                    (batch) =>
                      `${batch.batchId} (${batch.hostStatus}): ${batch.count}, ${formatSigned(batch.totalMinor)}`,
                  )
                  .join('; ')}
          </dd>
        </div>
      </dl>
      <h3 className="section__title">{r.matched}</h3>
      {list(result.matched, 'settlement-matched')}
      <h3 className="section__title">{r.gatewayOnly}</h3>
      {list(result.gatewayOnly, 'settlement-gateway-only')}
      <h3 className="section__title">{r.journalOnly}</h3>
      {list(result.journalOnly, 'settlement-journal-only')}
    </div>
  );
}

/** Renders the day's totals, by brand and operator, sales by hour, and settlement against the journal. */
export function ReportScreen() {
  const { api, call } = useApp();
  const environment = useAppStore('session', (state) => state.status?.environment ?? null);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const timeZone = useAppStore('session', (state) => state.storeTimeZone);
  const [date, setDate] = useState(() => localToday(timeZone));
  const [report, setReport] = useState<DayReport | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [settlement, setSettlement] = useState<SettlementReconciliation | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setSettlement(null);
    void call(api.reports.day(date === '' ? {} : { date })).then((reply) => {
      if (!live) return;
      if (reply.ok) {
        setReport(reply.value);
        setError(null);
      } else {
        setError(reply.error);
      }
    });
    return () => {
      live = false;
    };
  }, [api, call, date, version]);

  async function loadSettlement() {
    setBusy(true);
    setError(null);
    const reply = await call(api.reports.settlement(date === '' ? {} : { date }));
    setBusy(false);
    if (reply.ok) setSettlement(reply.value);
    else setError(reply.error);
  }

  async function runSettlement() {
    setBusy(true);
    setError(null);
    const reply = await call(api.reports.runDemoSettlement({}));
    setBusy(false);
    if (reply.ok) {
      setMessage(strings.report.settled(reply.value.settled));
      setVersion((current) => current + 1);
    } else {
      setError(reply.error);
    }
  }

  const r = strings.report;
  return (
    <section
      className="screen screen--wide"
      aria-labelledby="report-heading"
      data-testid="screen-report"
    >
      <h1 id="report-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {r.heading}
      </h1>
      <div className="filters">
        <div className="field">
          <label htmlFor="report-date" className="field__label">
            {r.date}
          </label>
          <input
            id="report-date"
            className="text-field"
            data-testid="report-date"
            type="date"
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        {report !== null && (
          <p className="screen__hint filters__note">{r.dayBounds(report.hours, report.timeZone)}</p>
        )}
      </div>
      <ErrorNotice error={error} />
      {message !== null && (
        <p className="notice notice--info" role="status" data-testid="report-message">
          {message}
        </p>
      )}
      {report !== null && (
        <>
          <div className="report__grid">
            <TotalsTable report={report} />
            <section aria-labelledby="chart-heading" className="report__chart">
              <h2 id="chart-heading" className="section__title">
                {r.chartHeading}
              </h2>
              <HourChart report={report} />
              <p className="screen__hint" data-testid="chart-scale">
                {r.chartScale(
                  formatAmount(Math.max(0, ...report.salesByHour.map((hour) => hour.totalMinor))),
                )}
              </p>
            </section>
          </div>
          <section aria-labelledby="brand-heading">
            <h2 id="brand-heading" className="section__title">
              {r.byBrand}
            </h2>
            <table className="table" data-testid="report-brands">
              <thead>
                <tr>
                  <th scope="col">{r.brand}</th>
                  <th scope="col" className="table__num">
                    {r.sales}
                  </th>
                  <th scope="col" className="table__num">
                    {r.refunds}
                  </th>
                  <th scope="col" className="table__num">
                    {r.net}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.byBrand.map((row) => (
                  <tr key={row.brand}>
                    <th scope="row">{row.brand === 'unknown' ? r.unknownBrand : row.brand}</th>
                    <td className="table__num">{`${row.sales.count} · ${formatAmount(row.sales.totalMinor)}`}</td>
                    <td className="table__num">{`${row.refunds.count} · ${formatAmount(Math.abs(row.refunds.totalMinor))}`}</td>
                    <td className="table__num">{formatSigned(row.netMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="operator-heading">
            <h2 id="operator-heading" className="section__title">
              {r.byOperator}
            </h2>
            <table className="table" data-testid="report-operators">
              <thead>
                <tr>
                  <th scope="col">{r.operator}</th>
                  <th scope="col" className="table__num">
                    {r.sales}
                  </th>
                  <th scope="col" className="table__num">
                    {r.voids}
                  </th>
                  <th scope="col" className="table__num">
                    {r.refunds}
                  </th>
                  <th scope="col" className="table__num">
                    {r.declines}
                  </th>
                  <th scope="col" className="table__num">
                    {r.net}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.byOperator.map((row) => (
                  <tr key={row.operatorId ?? row.operatorName}>
                    <th scope="row">{row.operatorName}</th>
                    <td className="table__num">{`${row.sales.count} · ${formatAmount(row.sales.totalMinor)}`}</td>
                    <td className="table__num">{`${row.voids.count} · ${formatAmount(Math.abs(row.voids.totalMinor))}`}</td>
                    <td className="table__num">{`${row.refunds.count} · ${formatAmount(Math.abs(row.refunds.totalMinor))}`}</td>
                    <td className="table__num">{row.declines.count}</td>
                    <td className="table__num">{formatSigned(row.netMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      <section aria-labelledby="settlement-heading">
        <h2 id="settlement-heading" className="section__title">
          {r.settlement}
        </h2>
        <div className="screen__actions">
          <button
            type="button"
            className="button button--secondary"
            data-testid="load-settlement"
            aria-disabled={busy}
            onClick={() => !busy && void loadSettlement()}
          >
            {r.loadSettlement}
          </button>
          {environment === 'demo' && (
            <button
              type="button"
              className="button button--secondary"
              data-testid="run-settlement"
              aria-disabled={busy}
              onClick={() => !busy && void runSettlement()}
            >
              {r.runSettlement}
            </button>
          )}
        </div>
        {settlement !== null && <SettlementView result={settlement} />}
      </section>
    </section>
  );
}
