import { useLayoutEffect, useRef } from 'react';
import type { Capture, ViolationFilters } from '../types';
import { CaptureCard } from './CaptureCard';

interface CaptureListProps {
  captures: readonly Capture[];
  variant?: 'grid' | 'compact';
  filters?: ViolationFilters;
  now?: number;
  /** Ids to highlight as just arrived. */
  freshIds?: ReadonlySet<string>;
  /** The list scrolls inside its own box (side panels) rather than with the page. */
  scrollable?: boolean;
  /** Shown when there are no captures (and not loading); null to show nothing (e.g. an error is shown). */
  emptyText?: string | null;
  loading?: boolean;
  label: string;
}

/**
 * A newest-first list of capture cards (`data-testid="capture-list"`).
 *
 * In a scrollable list, captures added at the top do not move what the user is looking at: if the list
 * is scrolled down, the scroll position is moved by the height of the new cards (scroll anchoring done by
 * hand, so it behaves the same in every browser).
 */
export function CaptureList({
  captures,
  variant = 'grid',
  filters,
  now,
  freshIds,
  scrollable = false,
  emptyText = 'No captures yet.',
  loading = false,
  label,
}: CaptureListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const previous = useRef<{ firstId: string | undefined; scrollHeight: number }>({
    firstId: undefined,
    scrollHeight: 0,
  });

  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    const firstId = captures[0]?.id;
    const prev = previous.current;
    if (prev.firstId !== undefined && firstId !== prev.firstId && box.scrollTop > 0) {
      box.scrollTop += box.scrollHeight - prev.scrollHeight;
    }
    previous.current = { firstId, scrollHeight: box.scrollHeight };
  }, [captures]);

  const list = (
    <ul
      className={`capture-list capture-list--${variant}`}
      data-testid="capture-list"
      aria-label={label}
      aria-busy={loading}
    >
      {captures.map((capture) => (
        <li key={capture.id} className="capture-list__item">
          <CaptureCard
            capture={capture}
            variant={variant}
            filters={filters}
            now={now}
            fresh={freshIds?.has(capture.id)}
          />
        </li>
      ))}
    </ul>
  );

  const empty =
    captures.length === 0 && (loading || emptyText !== null) ? (
      <div className="capture-list__empty">
        {loading ? (
          <>
            <span className="spinner" aria-hidden="true" /> Loading captures…
          </>
        ) : (
          emptyText
        )}
      </div>
    ) : null;

  if (!scrollable) {
    return (
      <>
        {list}
        {empty}
      </>
    );
  }
  return (
    <div className="capture-scroll" ref={scrollRef}>
      {list}
      {empty}
    </div>
  );
}
