import type { FieldError } from '../../api';
import type { ViolationKind, Zone } from '../../types';
import { drawingHint, PolygonCanvas } from './PolygonCanvas';
import { DrawingActions } from './PolygonList';
import { usePolygonDrawing, type PolygonAccess } from './usePolygonDrawing';
import { ZoneListItem } from './ZoneListItem';

interface ZoneEditorProps {
  zones: Zone[];
  onChange: (zones: Zone[]) => void;
  /** The picture to draw on (a probe result or the camera's snapshot); null while there is none. */
  image: string | null;
  imageNote?: string | null;
  errors: readonly FieldError[];
  /** What the camera requires where no zone says otherwise. */
  cameraRequired: readonly ViolationKind[];
}

const ZONES: PolygonAccess<Zone> = {
  pointsOf: (zone) => zone.polygon,
  withPoints: (zone, polygon) => ({ ...zone, polygon }),
  create: (name, polygon) => ({ name, polygon }),
  baseName: 'Zone',
};

/**
 * Zones as polygons drawn on a picture of the camera (usePolygonDrawing). Coordinates are fractions
 * 0..1 of the picture's width and height, as the camera's `ppe.zones` expects.
 */
export function ZoneEditor({ zones, onChange, image, imageNote, errors, cameraRequired }: ZoneEditorProps) {
  const drawing = usePolygonDrawing(zones, onChange, ZONES);
  const { active } = drawing;

  return (
    <div className="zones">
      <PolygonCanvas
        kind="zone"
        shapes={zones.map((z) => ({ name: z.name, points: z.polygon }))}
        image={image}
        imageNote={imageNote}
        hint={`${drawingHint('zone', image, active === null ? undefined : zones[active]?.name)} With any zone, people outside every zone are ignored.`.trim()}
        {...drawing.canvas}
      />

      <div className="zones__list">
        {zones.length === 0 ? (
          <p className="form-hint">No zones: the whole frame is watched with the camera’s PPE rules.</p>
        ) : null}
        {zones.map((zone, i) => (
          <ZoneListItem
            key={i}
            zone={zone}
            index={i}
            active={i === active}
            errors={errors}
            cameraRequired={cameraRequired}
            onSelect={() => drawing.select(i)}
            onChange={(next) => drawing.update(i, next)}
            onDelete={() => drawing.remove(i)}
          />
        ))}
        <DrawingActions
          noun="zone"
          drawing={active !== null}
          onAdd={() => drawing.add()}
          onDone={() => drawing.select(null)}
        />
      </div>
    </div>
  );
}
