interface NewCapturesPillProps {
  count: number;
  onShow: () => void;
}

/**
 * "3 new captures" notice for the gallery. It floats above the page (position: fixed), so appearing,
 * counting up and disappearing never moves the cards the user is looking at.
 */
export function NewCapturesPill({ count, onShow }: NewCapturesPillProps) {
  return (
    <div className="new-pill-anchor" aria-live="polite">
      {count > 0 ? (
        <button type="button" className="new-pill" data-testid="new-captures" data-count={count} onClick={onShow}>
          <span aria-hidden="true">↑</span> {count} new capture{count === 1 ? '' : 's'} — show
        </button>
      ) : null}
    </div>
  );
}
