import { useCallback, useEffect, useRef, useState } from 'react';

import type {
  OperatorSummary,
  PaymentKindName,
  PaymentSearchInput,
  PaymentStateName,
  PaymentSummary,
} from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { SEARCH_FIELDS, searchFilter, type SearchField } from '../journal-search';
import { VirtualList } from '../components/VirtualList';
import { useApp, useAppStore } from '../context';
import { formatAmount, formatListTime, localToday } from '../format';
import { useFocusOnMount } from '../hooks';
import * as strings from '../strings';

const PAGE_SIZE = 200;
/** Row height in CSS pixels; `.vlist__row` in the stylesheet has the same. */
export const JOURNAL_ROW_HEIGHT = 52;
/** Typing pauses this long before the search runs, so each key does not start a query. */
const SEARCH_DELAY_MS = 150;

function JournalRow({ payment, timeZone }: { payment: PaymentSummary; timeZone: string | null }) {
  const c = strings.journal.columns;
  const card =
    payment.card.last4 === null
      ? strings.result.noValue
      : strings.result.cardText(payment.card.brand, payment.card.last4);
  return (
    <>
      <span className="vlist__cell vlist__cell--time">
        <span className="visually-hidden">{`${c.time}: `}</span>
        {formatListTime(payment.createdAt, timeZone)}
      </span>
      <span className="vlist__cell">
        <span className="visually-hidden">{`${c.kind}: `}</span>
        {strings.kind[payment.kind]}
      </span>
      <span className="vlist__cell vlist__cell--amount">
        <span className="visually-hidden">{`${c.amount}: `}</span>
        {formatAmount(payment.approvedMinor ?? payment.amountMinor)}
      </span>
      <span className="vlist__cell">
        <span className="visually-hidden">{`${c.card}: `}</span>
        {card}
      </span>
      <span className={`vlist__cell state state--${payment.state}`}>
        <span className="visually-hidden">{`${c.state}: `}</span>
        {strings.paymentState[payment.state]}
        {payment.attention !== null && (
          <span className="state__flag" aria-label={strings.detail.facts.attention}>
            {' !'}
          </span>
        )}
      </span>
      <span className="vlist__cell vlist__cell--operator">
        <span className="visually-hidden">{`${c.operator}: `}</span>
        {payment.operatorName ?? strings.result.noValue}
      </span>
      <span className="vlist__cell vlist__cell--order">
        <span className="visually-hidden">{`${c.order}: `}</span>
        {payment.orderId}
      </span>
    </>
  );
}

/** Renders the journal newest first, with instant search and filters and only the visible rows in the page. */
export function JournalScreen() {
  const { api, call, actions } = useApp();
  const isManager = useAppStore('session', (state) => state.status?.operator?.role === 'manager');
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  const [field, setField] = useState<SearchField>('last4');
  const [text, setText] = useState('');
  const timeZone = useAppStore('session', (state) => state.storeTimeZone);
  const [date, setDate] = useState(() => localToday(timeZone));
  const [kind, setKind] = useState<PaymentKindName | ''>('');
  const [state, setState] = useState<PaymentStateName | ''>('');
  const [operatorId, setOperatorId] = useState<number | null>(null);
  const [operators, setOperators] = useState<OperatorSummary[]>([]);

  const [rows, setRows] = useState<PaymentSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [searchMessage, setSearchMessage] = useState<string | null>(null);
  const generation = useRef(0);
  const loadingMore = useRef(false);

  useEffect(() => {
    if (!isManager) return;
    void call(api.operators.list({})).then((reply) => {
      if (reply.ok) setOperators(reply.value);
    });
  }, [api, call, isManager]);

  const parsed = searchFilter(field, text);
  const query: PaymentSearchInput | null = parsed.ok
    ? {
        ...parsed.filter,
        ...(isManager && date !== '' ? { date } : {}),
        ...(kind === '' ? {} : { kind }),
        ...(state === '' ? {} : { states: [state] }),
        ...(operatorId === null ? {} : { operatorId }),
        limit: PAGE_SIZE,
      }
    : null;
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    setSearchMessage(parsed.ok ? null : parsed.message);
    if (query === null) return undefined;
    const run = ++generation.current;
    setLoading(true);
    const timer = window.setTimeout(() => {
      void call(api.payments.search(query)).then((reply) => {
        if (run !== generation.current) return;
        setLoading(false);
        if (reply.ok) {
          setRows(reply.value.rows);
          setNextCursor(reply.value.nextCursor);
          setError(null);
        } else {
          setRows([]);
          setNextCursor(null);
          setError(reply.error);
        }
      });
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
    // queryKey stands for the query's content; the object itself is new on every render.
  }, [queryKey]);

  const loadMore = useCallback(() => {
    if (query === null || nextCursor === null || loadingMore.current) return;
    loadingMore.current = true;
    const run = generation.current;
    void call(api.payments.search({ ...query, cursor: nextCursor })).then((reply) => {
      loadingMore.current = false;
      if (run !== generation.current || !reply.ok) return;
      setRows((current) => [...current, ...reply.value.rows]);
      setNextCursor(reply.value.nextCursor);
    });
  }, [api, call, queryKey, nextCursor]);

  const hint = searchMessage ?? strings.journal.searchHints[field];
  return (
    <section className="screen screen--wide" aria-labelledby="journal-heading">
      <h1 id="journal-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {strings.journal.heading}
      </h1>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => event.preventDefault()}
        noValidate
      >
        <div className="field">
          <label htmlFor="journal-field" className="field__label">
            {strings.journal.searchBy}
          </label>
          <select
            id="journal-field"
            className="select-field"
            value={field}
            onChange={(event) => setField(event.target.value as SearchField)}
          >
            {SEARCH_FIELDS.map((name) => (
              <option key={name} value={name}>
                {strings.journal.searchFields[name]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--grow">
          <label htmlFor="journal-search" className="field__label">
            {strings.journal.searchLabel}
          </label>
          <input
            id="journal-search"
            className="text-field"
            data-testid="journal-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            value={text}
            aria-invalid={searchMessage !== null}
            aria-describedby="journal-search-hint"
            onChange={(event) => setText(event.target.value)}
          />
          <p
            id="journal-search-hint"
            className={searchMessage === null ? 'field-hint' : 'field-hint field-hint--error'}
          >
            {hint}
          </p>
        </div>
        {isManager && (
          <div className="field">
            <label htmlFor="journal-date" className="field__label">
              {strings.journal.date}
            </label>
            <input
              id="journal-date"
              className="text-field"
              data-testid="journal-date"
              type="date"
              value={date}
              onChange={(event) => setDate(event.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="journal-kind" className="field__label">
            {strings.journal.kindFilter}
          </label>
          <select
            id="journal-kind"
            className="select-field"
            data-testid="journal-kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as PaymentKindName | '')}
          >
            <option value="">{strings.journal.any}</option>
            {(['sale', 'void', 'refund'] as const).map((name) => (
              <option key={name} value={name}>
                {strings.kind[name]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="journal-state" className="field__label">
            {strings.journal.stateFilter}
          </label>
          <select
            id="journal-state"
            className="select-field"
            data-testid="journal-state"
            value={state}
            onChange={(event) => setState(event.target.value as PaymentStateName | '')}
          >
            <option value="">{strings.journal.any}</option>
            {(Object.keys(strings.paymentState) as PaymentStateName[]).map((name) => (
              <option key={name} value={name}>
                {strings.paymentState[name]}
              </option>
            ))}
          </select>
        </div>
        {isManager && (
          <div className="field">
            <label htmlFor="journal-operator" className="field__label">
              {strings.journal.operatorFilter}
            </label>
            <select
              id="journal-operator"
              className="select-field"
              value={operatorId ?? ''}
              onChange={(event) =>
                setOperatorId(event.target.value === '' ? null : Number(event.target.value))
              }
            >
              <option value="">{strings.journal.any}</option>
              {operators.map((operator) => (
                <option key={operator.id} value={operator.id}>
                  {operator.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      {!isManager && <p className="screen__hint">{strings.journal.todayOnly}</p>}
      <ErrorNotice error={error} />
      <p className="journal__count" data-testid="journal-count" aria-live="polite">
        {loading ? strings.common.loading : strings.journal.count(rows.length, nextCursor !== null)}
      </p>
      {rows.length === 0 && !loading ? (
        <p className="journal__empty" data-testid="journal-empty">
          {strings.journal.empty}
        </p>
      ) : (
        <>
          <div className="vlist__head" aria-hidden="true">
            <span className="vlist__cell vlist__cell--time">{strings.journal.columns.time}</span>
            <span className="vlist__cell">{strings.journal.columns.kind}</span>
            <span className="vlist__cell vlist__cell--amount">
              {strings.journal.columns.amount}
            </span>
            <span className="vlist__cell">{strings.journal.columns.card}</span>
            <span className="vlist__cell">{strings.journal.columns.state}</span>
            <span className="vlist__cell vlist__cell--operator">
              {strings.journal.columns.operator}
            </span>
            <span className="vlist__cell vlist__cell--order">{strings.journal.columns.order}</span>
          </div>
          <VirtualList
            items={rows}
            rowHeight={JOURNAL_ROW_HEIGHT}
            itemKey={(payment) => payment.paymentId}
            renderRow={(payment) => <JournalRow payment={payment} timeZone={timeZone} />}
            onOpen={(payment) => actions.navigate('payment', payment.paymentId)}
            onEndReached={loadMore}
            label={strings.journal.listLabel}
            describedBy="journal-list-hint"
            testId="journal-list"
            rowTestId="journal-row"
          />
          <p id="journal-list-hint" className="screen__hint">
            {strings.journal.hint}
          </p>
        </>
      )}
    </section>
  );
}
