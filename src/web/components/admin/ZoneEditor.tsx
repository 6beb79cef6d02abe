import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { FieldError } from '../../api';
import { useElementWidth } from '../../hooks/useElementWidth';
import { DEFAULT_REQUIRED, type ViolationKind, type Zone } from '../../types';
import { RequiredItems } from './RequiredItems';
import { FieldMessages } from './FieldMessages';
import { pickErrors } from './fieldErrors';

/** How a zone's `required` reads in the editor: the camera's list, its own items, or nothing. */
type RequiredChoice = 'default' | 'items' | 'exempt';

const REQUIRED_LABELS: Record<RequiredChoice, string> = {
  default: 'Camera default',
  items: 'These items:',
  exempt: 'Exempt (nothing required)',
};

export function requiredChoice(required: readonly ViolationKind[] | undefined): RequiredChoice {
  return required === undefined ? 'default' : required.length === 0 ? 'exempt' : 'items';
}

/** A zone's list for a choice; its own items start from the camera's. */
function requiredOf(choice: RequiredChoice, cameraRequired: readonly ViolationKind[]): ViolationKind[] | undefined {
  switch (choice) {
    case 'default':
      return undefined;
    case 'items':
      return cameraRequired.length ? [...cameraRequired] : [...DEFAULT_REQUIRED];
    case 'exempt':
      return [];
  }
}

const COLORS = ['#4da3ff', '#ff7b47', '#2fd16f', '#c77dff', '#ffd23f', '#ff5a8a', '#3dd6d0'];
export const zoneColor = (i: number) => COLORS[i % COLORS.length];

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

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/**
 * Zones as polygons drawn on a picture of the camera: click to add a point to the selected zone (a click
 * with no zone selected starts a new one), drag a point to move it. Coordinates are fractions 0..1 of the
 * picture's width and height, as the camera's `ppe.zones` expects.
 */
export function ZoneEditor({ zones, onChange, image, imageNote, errors, cameraRequired }: ZoneEditorProps) {
  const [selected, setSelected] = useState<number | null>(zones.length ? 0 : null);
  const [ref, width] = useElementWidth<HTMLDivElement>(640);
  const [natural, setNatural] = useState<{ src: string; w: number; h: number } | null>(null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const drag = useRef<{ zone: number; point: number } | null>(null);
  const aspect = natural && natural.src === image ? natural.h / natural.w : 9 / 16;
  const height = Math.round(width * aspect);
  const active = selected !== null && selected < zones.length ? selected : null;

  const update = (i: number, zone: Zone) => onChange(zones.map((z, j) => (j === i ? zone : z)));

  const addZone = (firstPoint?: [number, number]) => {
    const names = new Set(zones.map((z) => z.name));
    let n = zones.length + 1;
    while (names.has(`Zone ${n}`)) n += 1;
    onChange([...zones, { name: `Zone ${n}`, polygon: firstPoint ? [firstPoint] : [] }]);
    setSelected(zones.length);
  };

  const pointAt = (e: { clientX: number; clientY: number }, svg: SVGSVGElement): [number, number] => {
    const rect = svg.getBoundingClientRect();
    return [round((e.clientX - rect.left) / rect.width), round((e.clientY - rect.top) / rect.height)];
  };

  const onCanvasClick = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!image) return;
    const p = pointAt(e, e.currentTarget);
    if (active === null) addZone(p);
    else update(active, { ...zones[active], polygon: [...zones[active].polygon, p] });
  };

  const onPointDown = (e: ReactPointerEvent<SVGCircleElement>, zone: number, point: number) => {
    e.stopPropagation();
    e.preventDefault();
    setSelected(zone);
    drag.current = { zone, point };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointMove = (e: ReactPointerEvent<SVGCircleElement>) => {
    const d = drag.current;
    const svg = e.currentTarget.ownerSVGElement;
    if (!d || !svg) return;
    const p = pointAt(e, svg);
    const zone = zones[d.zone];
    update(d.zone, { ...zone, polygon: zone.polygon.map((q, k) => (k === d.point ? p : q)) });
  };
  const onPointUp = (e: ReactPointerEvent<SVGCircleElement>) => {
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const px = ([x, y]: [number, number]) => `${x * width},${y * height}`;

  return (
    <div className="zones">
      <div className="zones__stage">
        {/* At most ~60 % of the window high, so the whole picture fits on a 768 px screen. */}
        <div
          className="zones__canvas"
          ref={ref}
          style={{ height, maxWidth: `calc(60vh * ${(1 / aspect).toFixed(4)})` }}
        >
          {image && failedSrc !== image ? (
            <img
              className="zones__image"
              src={image}
              alt="Camera picture for drawing zones"
              data-testid="zone-image"
              onLoad={(e) =>
                setNatural({ src: image, w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })
              }
              onError={() => setFailedSrc(image)}
            />
          ) : (
            <div className="zones__placeholder">
              {imageNote ?? 'No picture yet. Check the URL above to get one, then draw zones on it.'}
            </div>
          )}
          <svg
            className={`zones__svg${image ? ' zones__svg--drawable' : ''}`}
            width={width}
            height={height}
            data-testid="zone-canvas"
            onClick={onCanvasClick}
            role="application"
            aria-label="Zone drawing area: click to add a point to the selected zone"
          >
            {zones.map((zone, i) => {
              const color = zoneColor(i);
              const isActive = i === active;
              return (
                <g key={i} className={isActive ? 'zones__zone zones__zone--active' : 'zones__zone'}>
                  {zone.polygon.length >= 3 ? (
                    <polygon
                      points={zone.polygon.map(px).join(' ')}
                      fill={color}
                      fillOpacity={isActive ? 0.28 : 0.16}
                      stroke={color}
                      strokeWidth={isActive ? 2.5 : 1.5}
                      data-testid={`zone-polygon-${i}`}
                      data-points={zone.polygon.length}
                    />
                  ) : (
                    <polyline
                      points={zone.polygon.map(px).join(' ')}
                      fill="none"
                      stroke={color}
                      strokeWidth={2}
                      strokeDasharray="5 4"
                      data-testid={`zone-polygon-${i}`}
                      data-points={zone.polygon.length}
                    />
                  )}
                  {zone.polygon.length > 0 ? (
                    <text
                      x={zone.polygon[0][0] * width + 6}
                      y={zone.polygon[0][1] * height - 6}
                      className="zones__label"
                      fill={color}
                    >
                      {zone.name}
                    </text>
                  ) : null}
                  {zone.polygon.map((p, k) => (
                    <circle
                      key={k}
                      cx={p[0] * width}
                      cy={p[1] * height}
                      r={isActive ? 6 : 4}
                      fill={isActive ? '#0a0e13' : color}
                      stroke={color}
                      strokeWidth={2}
                      className="zones__point"
                      onClick={(e) => e.stopPropagation()}
                      onPointerDown={(e) => onPointDown(e, i, k)}
                      onPointerMove={onPointMove}
                      onPointerUp={onPointUp}
                    >
                      <title>{`${zone.name}, point ${k + 1}: ${p[0].toFixed(3)}, ${p[1].toFixed(3)} (drag to move)`}</title>
                    </circle>
                  ))}
                </g>
              );
            })}
          </svg>
        </div>
        <p className="form-hint">
          {image
            ? active === null
              ? 'Click on the picture to start a zone, or add one on the right.'
              : `Click on the picture to add points to “${zones[active]?.name}”; drag a point to move it.`
            : null}{' '}
          With any zone, people outside every zone are ignored.
        </p>
      </div>

      <div className="zones__list">
        {zones.length === 0 ? (
          <p className="form-hint">No zones: the whole frame is watched with the camera’s PPE rules.</p>
        ) : null}
        {zones.map((zone, i) => {
          const messages = pickErrors(errors, `ppe.zones[${i}]`);
          const tooFew = zone.polygon.length > 0 && zone.polygon.length < 3;
          return (
            <div
              key={i}
              className={`zone-item${i === active ? ' zone-item--active' : ''}`}
              data-testid={`zone-item-${i}`}
              onClick={() => setSelected(i)}
              style={{ borderLeftColor: zoneColor(i) }}
            >
              <div className="zone-item__row">
                <input
                  className="field__control field__control--full"
                  aria-label={`Zone ${i + 1} name`}
                  data-testid={`zone-name-${i}`}
                  value={zone.name}
                  onFocus={() => setSelected(i)}
                  onChange={(e) => update(i, { ...zone, name: e.target.value })}
                />
              </div>
              <div className="zone-item__row">
                <select
                  className="field__control field__control--full"
                  aria-label={`Zone ${i + 1} required PPE`}
                  data-testid={`zone-required-${i}`}
                  value={requiredChoice(zone.required)}
                  onChange={(e) => {
                    const required = requiredOf(e.target.value as RequiredChoice, cameraRequired);
                    const { required: _old, ...rest } = zone;
                    update(i, required === undefined ? rest : { ...rest, required });
                  }}
                >
                  {(Object.keys(REQUIRED_LABELS) as RequiredChoice[]).map((choice) => (
                    <option key={choice} value={choice}>
                      {REQUIRED_LABELS[choice]}
                    </option>
                  ))}
                </select>
              </div>
              {zone.required?.length ? (
                <RequiredItems
                  required={zone.required}
                  onChange={(required) => update(i, { ...zone, required })}
                  testIdPrefix={`zone-${i}-ppe`}
                  label={`Required in zone ${i + 1}`}
                />
              ) : null}
              <div className="zone-item__row zone-item__tools">
                <span className={`zone-item__count${tooFew ? ' zone-item__count--warn' : ''}`}>
                  {zone.polygon.length} point{zone.polygon.length === 1 ? '' : 's'}
                  {tooFew ? ' (needs 3)' : ''}
                </span>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  data-testid={`zone-undo-${i}`}
                  disabled={zone.polygon.length === 0}
                  onClick={(e) => {
                    e.stopPropagation();
                    update(i, { ...zone, polygon: zone.polygon.slice(0, -1) });
                  }}
                >
                  Undo point
                </button>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  data-testid={`zone-delete-${i}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onChange(zones.filter((_, j) => j !== i));
                    setSelected(null);
                  }}
                >
                  Delete zone
                </button>
              </div>
              <FieldMessages messages={messages} testId={`error-zone-${i}`} />
            </div>
          );
        })}
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
