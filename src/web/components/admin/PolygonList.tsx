// The list beside the picture of a PolygonCanvas: an entry per polygon, and the buttons under it.
import type { ReactNode } from 'react';
import { FieldMessages } from './FieldMessages';
import { polygonColor, type Point, type ShapeKind } from './PolygonCanvas';

interface PolygonListItemProps {
  /** Test ids `<kind>-item-<i>`, `<kind>-name-<i>`, `<kind>-undo-<i>`, `<kind>-delete-<i>`, `error-<kind>-<i>`. */
  kind: ShapeKind;
  index: number;
  active: boolean;
  name: string;
  onName: (name: string) => void;
  points: Point[];
  onPoints: (points: Point[]) => void;
  onSelect: () => void;
  onDelete: () => void;
  /** The API's errors about this polygon. */
  messages: string[];
  /** The polygon's own settings, between its name and its points. */
  children?: ReactNode;
}

/** One polygon in the list: its name, its own settings, its points (undo, delete) and its errors. */
export function PolygonListItem(props: PolygonListItemProps) {
  const { kind, index: i, active, name, onName, onSelect, messages, children } = props;
  return (
    <div
      className={`zone-item${active ? ' zone-item--active' : ''}`}
      data-testid={`${kind}-item-${i}`}
      onClick={onSelect}
      style={{ borderLeftColor: polygonColor(i) }}
    >
      <div className="zone-item__row">
        <input
          className="field__control field__control--full"
          aria-label={`${kind === 'zone' ? 'Zone' : 'Mask'} ${i + 1} name`}
          data-testid={`${kind}-name-${i}`}
          value={name}
          onFocus={onSelect}
          onChange={(e) => onName(e.target.value)}
        />
      </div>
      {children}
      <PolygonTools {...props} />
      <FieldMessages messages={messages} testId={`error-${kind}-${i}`} />
    </div>
  );
}

/** A polygon's point count (warning below 3), undo the last point, delete it. */
function PolygonTools({ kind, index: i, points, onPoints, onDelete }: PolygonListItemProps) {
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
        data-testid={`${kind}-undo-${i}`}
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
        data-testid={`${kind}-delete-${i}`}
        onClick={(e) => {
          e.stopPropagation();
          onDelete();
        }}
      >
        Delete {kind}
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
