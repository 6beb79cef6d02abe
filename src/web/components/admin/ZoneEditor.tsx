import { useState } from 'react';
import type { FieldError } from '../../api';
import type { ViolationKind, Zone } from '../../types';
import { ZoneCanvas } from './ZoneCanvas';
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

/**
 * Zones as polygons drawn on a picture of the camera: click to add a point to the selected zone (a click
 * with no zone selected starts a new one), drag a point to move it. Coordinates are fractions 0..1 of the
 * picture's width and height, as the camera's `ppe.zones` expects.
 */
export function ZoneEditor({ zones, onChange, image, imageNote, errors, cameraRequired }: ZoneEditorProps) {
  const [selected, setSelected] = useState<number | null>(zones.length ? 0 : null);
  const active = selected !== null && selected < zones.length ? selected : null;

  const update = (i: number, zone: Zone) => onChange(zones.map((z, j) => (j === i ? zone : z)));

  const addZone = (firstPoint?: [number, number]) => {
    const names = new Set(zones.map((z) => z.name));
    let n = zones.length + 1;
    while (names.has(`Zone ${n}`)) n += 1;
    onChange([...zones, { name: `Zone ${n}`, polygon: firstPoint ? [firstPoint] : [] }]);
    setSelected(zones.length);
  };

  return (
    <div className="zones">
      <ZoneCanvas
        zones={zones}
        active={active}
        image={image}
        imageNote={imageNote}
        onPoint={(p) => {
          if (active === null) addZone(p);
          else update(active, { ...zones[active], polygon: [...zones[active].polygon, p] });
        }}
        onMovePoint={(i, k, p) => {
          const zone = zones[i];
          update(i, { ...zone, polygon: zone.polygon.map((q, j) => (j === k ? p : q)) });
        }}
        onSelect={setSelected}
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
            onSelect={() => setSelected(i)}
            onChange={(next) => update(i, next)}
            onDelete={() => {
              onChange(zones.filter((_, j) => j !== i));
              setSelected(null);
            }}
          />
        ))}
        <div className="zones__actions">
          <button type="button" className="button button--small" data-testid="zone-add" onClick={() => addZone()}>
            + Add zone
          </button>
          {active !== null ? (
            <button type="button" className="button button--small button--ghost" onClick={() => setSelected(null)}>
              Done drawing
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
