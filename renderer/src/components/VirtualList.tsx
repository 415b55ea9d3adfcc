import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

/** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 8;
/** When fewer loaded rows than this remain below the view, the list requests the next page. */
const LOAD_AHEAD_ROWS = 60;

/**
 * Renders only the rows in view of a long list of fixed-height rows, so 100,000 rows scroll like
 * 30. One row at a time is in the tab order (roving focus): arrow keys, Page Up/Down, Home and End
 * move it, and Enter or Space on it calls `onOpen`.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  itemKey,
  onOpen,
  onEndReached,
  label,
  testId,
  rowTestId,
  describedBy,
}: {
  items: readonly T[];
  /** Height of every row in CSS pixels; the stylesheet gives rows the same height. */
  rowHeight: number;
  renderRow(item: T, index: number): ReactNode;
  itemKey(item: T): string | number;
  onOpen(item: T): void;
  /** Called when the view nears the end of the loaded rows. */
  onEndReached?(): void;
  label: string;
  testId: string;
  rowTestId?: string;
  describedBy?: string;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element === null) return undefined;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const count = items.length;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const activeIndex = Math.min(active, Math.max(0, count - 1));

  useEffect(() => {
    if (onEndReached !== undefined && count > 0 && last >= count - LOAD_AHEAD_ROWS) {
      onEndReached();
    }
  }, [last, count, onEndReached]);

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    viewport.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus();
  });

  function moveTo(index: number) {
    const target = Math.max(0, Math.min(count - 1, index));
    const element = viewport.current;
    if (element !== null) {
      const top = target * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight) {
        element.scrollTop = top + rowHeight - element.clientHeight;
      }
      setScrollTop(element.scrollTop);
    }
    focusPending.current = true;
    setActive(target);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined && count > 0) {
      event.preventDefault();
      moveTo(target);
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && count > 0) {
      const item = items[activeIndex];
      if (item !== undefined) {
        event.preventDefault();
        onOpen(item);
      }
    }
  }

  const rows: ReactNode[] = [];
  // The row with the tab stop stays in the page even when scrolled out of view, so Tab always
  // reaches the list.
  const indexes: number[] = [];
  if (count > 0 && (activeIndex < first || activeIndex >= last)) indexes.push(activeIndex);
  for (let index = first; index < last; index += 1) indexes.push(index);
  for (const index of indexes) {
    const item = items[index] as T;
    rows.push(
      <div
        key={itemKey(item)}
        role="listitem"
        className="vlist__row"
        aria-setsize={count}
        aria-posinset={index + 1}
        data-index={index}
        data-testid={rowTestId}
        tabIndex={index === activeIndex ? 0 : -1}
        style={{ top: index * rowHeight, height: rowHeight }}
        onClick={() => {
          setActive(index);
          onOpen(item);
        }}
        onFocus={() => setActive(index)}
      >
        {renderRow(item, index)}
      </div>,
    );
  }

  return (
    <div
      ref={viewport}
      className="vlist"
      data-testid={testId}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div
        role="list"
        aria-label={label}
        aria-describedby={describedBy}
        className="vlist__space"
        style={{ height: count * rowHeight }}
      >
        {rows}
      </div>
    </div>
  );
}
