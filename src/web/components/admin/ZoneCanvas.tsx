import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';
import type { Zone } from '../../types';

type Point = [number, number];

const COLORS = ['#4da3ff', '#ff7b47', '#2fd16f', '#c77dff', '#ffd23f', '#ff5a8a', '#3dd6d0'];
/** The colour zone `i` is drawn in (its entry in the list is marked with it too). */
export const zoneColor = (i: number) => COLORS[i % COLORS.length];

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/** Where a pointer is on the picture, as fractions 0..1 of its width and height. */
function pointAt(e: { clientX: number; clientY: number }, svg: SVGSVGElement): Point {
  const rect = svg.getBoundingClientRect();
  return [round((e.clientX - rect.left) / rect.width), round((e.clientY - rect.top) / rect.height)];
}

interface ZoneCanvasProps {
  zones: Zone[];
  /** The selected zone, or null. */
  active: number | null;
  image: string | null;
  imageNote?: string | null;
  /** A click on the picture (not on a point). */
  onPoint: (p: Point) => void;
  /** A point dragged to `p`. */
  onMovePoint: (zone: number, point: number, p: Point) => void;
  onSelect: (zone: number) => void;
}

/** The picture with the zones drawn over it: click to add a point, drag a point to move it. */
export function ZoneCanvas({ zones, active, image, imageNote, onPoint, onMovePoint, onSelect }: ZoneCanvasProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(640);
  const [natural, setNatural] = useState<{ src: string; w: number; h: number } | null>(null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const aspect = natural && natural.src === image ? natural.h / natural.w : 9 / 16;
  const height = Math.round(width * aspect);
  const dragging = usePointDragging(onSelect, onMovePoint);

  const onCanvasClick = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!image) return;
    onPoint(pointAt(e, e.currentTarget));
  };

  return (
    <div className="zones__stage">
      {/* At most ~60 % of the window high, so the whole picture fits on a 768 px screen. */}
      <div className="zones__canvas" ref={ref} style={{ height, maxWidth: `calc(60vh * ${(1 / aspect).toFixed(4)})` }}>
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
          {zones.map((zone, i) => (
            <ZoneShape
              key={i}
              zone={zone}
              index={i}
              active={i === active}
              width={width}
              height={height}
              dragging={dragging}
            />
          ))}
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
  );
}

type PointDragging = ReturnType<typeof usePointDragging>;

/** Dragging one zone's point: pressing selects its zone, moving reports where it is now. */
function usePointDragging(
  onSelect: (zone: number) => void,
  onMovePoint: (zone: number, point: number, p: Point) => void,
) {
  const drag = useRef<{ zone: number; point: number } | null>(null);
  const onPointDown = (e: ReactPointerEvent<SVGCircleElement>, zone: number, point: number) => {
    e.stopPropagation();
    e.preventDefault();
    onSelect(zone);
    drag.current = { zone, point };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointMove = (e: ReactPointerEvent<SVGCircleElement>) => {
    const d = drag.current;
    const svg = e.currentTarget.ownerSVGElement;
    if (!d || !svg) return;
    onMovePoint(d.zone, d.point, pointAt(e, svg));
  };
  const onPointUp = (e: ReactPointerEvent<SVGCircleElement>) => {
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };
  return { onPointDown, onPointMove, onPointUp };
}

interface ZoneShapeProps {
  zone: Zone;
  index: number;
  active: boolean;
  width: number;
  height: number;
  dragging: PointDragging;
}

/** One zone over the picture: its outline (dashed until it has 3 points), its name and its points. */
function ZoneShape({ zone, index: i, active: isActive, width, height, dragging }: ZoneShapeProps) {
  const color = zoneColor(i);
  const px = ([x, y]: Point) => `${x * width},${y * height}`;
  return (
    <g className={isActive ? 'zones__zone zones__zone--active' : 'zones__zone'}>
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
          onPointerDown={(e) => dragging.onPointDown(e, i, k)}
          onPointerMove={dragging.onPointMove}
          onPointerUp={dragging.onPointUp}
        >
          <title>{`${zone.name}, point ${k + 1}: ${p[0].toFixed(3)}, ${p[1].toFixed(3)} (drag to move)`}</title>
        </circle>
      ))}
    </g>
  );
}
