import type { Point } from './PolygonCanvas';

interface PolygonToolsProps {
  /** Test ids `<testIdPrefix>-undo-<i>`, `<testIdPrefix>-delete-<i>`. */
  testIdPrefix: string;
  index: number;
  /** "zone", "mask": the delete button's word. */
  noun: string;
  points: Point[];
  onPoints: (points: Point[]) => void;
  onDelete: () => void;
}

/** A polygon's entry in the list: its point count (warning below 3), undo the last point, delete it. */
export function PolygonTools({ testIdPrefix, index: i, noun, points, onPoints, onDelete }: PolygonToolsProps) {
  const tooFew = points.length > 0 && points.length < 3;
  return (
    <div className="zone-item__row zone-item__tools">
      <span className={`zone-item__count${tooFew ? ' zone-item__count--warn' : ''}`}>
        {points.length} point{points.length === 1 ? '' : 's'}
        {tooFew ? ' (needs 3)' : ''}
      </span>
      <button
        type="button"
        className="button button--small button--ghost"
        data-testid={`${testIdPrefix}-undo-${i}`}
        disabled={points.length === 0}
        onClick={(e) => {
          e.stopPropagation();
          onPoints(points.slice(0, -1));
        }}
      >
        Undo point
      </button>
      <button
        type="button"
        className="button button--small button--ghost"
        data-testid={`${testIdPrefix}-delete-${i}`}
        onClick={(e) => {
          e.stopPropagation();
          onDelete();
        }}
      >
        Delete {noun}
      </button>
    </div>
  );
}

interface DrawingActionsProps {
  /** "zone", "mask": the add button's word; its test id is `<noun>-add`. */
  noun: string;
  drawing: boolean;
  onAdd: () => void;
  onDone: () => void;
}

/** Under a list of polygons: add one, and stop drawing on the selected one. */
export function DrawingActions({ noun, drawing, onAdd, onDone }: DrawingActionsProps) {
  return (
    <div className="zones__actions">
      <button type="button" className="button button--small" data-testid={`${noun}-add`} onClick={onAdd}>
        + Add {noun}
      </button>
      {drawing ? (
        <button type="button" className="button button--small button--ghost" onClick={onDone}>
          Done drawing
        </button>
      ) : null}
    </div>
  );
}
