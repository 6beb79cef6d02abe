// Polygons drawn on a picture of the camera: the zones, and the privacy masks.
import { useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';

export type Point = [number, number];

const COLORS = ['#4da3ff', '#ff7b47', '#2fd16f', '#c77dff', '#ffd23f', '#ff5a8a', '#3dd6d0'];
/** The colour polygon `i` is outlined in (its entry in the list is marked with it too). */
export const polygonColor = (i: number) => COLORS[i % COLORS.length];

/** A polygon as the canvas draws it: its name, its points so far, and how it is filled. */
export interface CanvasShape {
  name: string;
  points: Point[];
  /** Default: the polygon's colour, lightly. */
  fill?: { color: string; opacity: number };
}

/** What the polygons are, in test ids and words: `zone` (zone-canvas, zone-polygon-0 …) or `mask`. */
export type ShapeKind = 'zone' | 'mask';

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/** Where a pointer is on the picture, as fractions 0..1 of its width and height. */
function pointAt(e: { clientX: number; clientY: number }, svg: SVGSVGElement): Point {
  const rect = svg.getBoundingClientRect();
  return [round((e.clientX - rect.left) / rect.width), round((e.clientY - rect.top) / rect.height)];
}

export interface PolygonCanvasProps {
  kind: ShapeKind;
  shapes: CanvasShape[];
  /** The selected polygon, or null. */
  active: number | null;
  image: string | null;
  imageNote?: string | null;
  /** Under the picture: what a click does now. */
  hint: ReactNode;
  /** A click on the picture (not on a point). */
  onPoint: (p: Point) => void;
  /** A point dragged to `p`. */
  onMovePoint: (shape: number, point: number, p: Point) => void;
  onSelect: (shape: number) => void;
}

/** The picture with the polygons drawn over it: click to add a point, drag a point to move it. */
export function PolygonCanvas(props: PolygonCanvasProps) {
  const { kind, shapes, active, image, imageNote, hint, onPoint, onMovePoint, onSelect } = props;
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
            alt={`Camera picture for drawing ${kind}s`}
            data-testid={`${kind}-image`}
            onLoad={(e) =>
              setNatural({ src: image, w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })
            }
            onError={() => setFailedSrc(image)}
          />
        ) : (
          <div className="zones__placeholder">
            {imageNote ?? `No picture yet. Check the URL above to get one, then draw ${kind}s on it.`}
          </div>
        )}
        <svg
          className={`zones__svg${image ? ' zones__svg--drawable' : ''}`}
          width={width}
          height={height}
          data-testid={`${kind}-canvas`}
          onClick={onCanvasClick}
          role="application"
          aria-label={`${kind === 'zone' ? 'Zone' : 'Mask'} drawing area: click to add a point to the selected ${kind}`}
        >
          {shapes.map((shape, i) => (
            <Polygon
              key={i}
              kind={kind}
              shape={shape}
              index={i}
              active={i === active}
              width={width}
              height={height}
              dragging={dragging}
            />
          ))}
        </svg>
      </div>
      <p className="form-hint">{hint}</p>
    </div>
  );
}

/** What a click on the picture does now: start a polygon, or add to the selected one. */
export function drawingHint(kind: ShapeKind, image: string | null, activeName: string | undefined): string {
  if (!image) return '';
  return activeName === undefined
    ? `Click on the picture to start a ${kind}, or add one on the right.`
    : `Click on the picture to add points to “${activeName}”; drag a point to move it.`;
}

type PointDragging = ReturnType<typeof usePointDragging>;

/** Dragging one polygon's point: pressing selects its polygon, moving reports where it is now. */
function usePointDragging(
  onSelect: (shape: number) => void,
  onMovePoint: (shape: number, point: number, p: Point) => void,
) {
  const drag = useRef<{ shape: number; point: number } | null>(null);
  const onPointDown = (e: ReactPointerEvent<SVGCircleElement>, shape: number, point: number) => {
    e.stopPropagation();
    e.preventDefault();
    onSelect(shape);
    drag.current = { shape, point };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointMove = (e: ReactPointerEvent<SVGCircleElement>) => {
    const d = drag.current;
    const svg = e.currentTarget.ownerSVGElement;
    if (!d || !svg) return;
    onMovePoint(d.shape, d.point, pointAt(e, svg));
  };
  const onPointUp = (e: ReactPointerEvent<SVGCircleElement>) => {
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };
  return { onPointDown, onPointMove, onPointUp };
}

interface PolygonProps {
  kind: ShapeKind;
  shape: CanvasShape;
  index: number;
  active: boolean;
  width: number;
  height: number;
  dragging: PointDragging;
}

/** One polygon over the picture: its outline (dashed until it has 3 points), its name and its points. */
function Polygon({ kind, shape, index: i, active: isActive, width, height, dragging }: PolygonProps) {
  const color = polygonColor(i);
  const { points } = shape;
  const px = ([x, y]: Point) => `${x * width},${y * height}`;
  return (
    <g className={isActive ? 'zones__zone zones__zone--active' : 'zones__zone'}>
      {points.length >= 3 ? (
        <polygon
          points={points.map(px).join(' ')}
          fill={shape.fill?.color ?? color}
          fillOpacity={shape.fill?.opacity ?? (isActive ? 0.28 : 0.16)}
          stroke={color}
          strokeWidth={isActive ? 2.5 : 1.5}
          data-testid={`${kind}-polygon-${i}`}
          data-points={points.length}
        />
      ) : (
        <polyline
          points={points.map(px).join(' ')}
          fill="none"
          stroke={color}
          strokeWidth={2}
          strokeDasharray="5 4"
          data-testid={`${kind}-polygon-${i}`}
          data-points={points.length}
        />
      )}
      {points.length > 0 ? (
        // Above its first point, or below it when that is at the top edge.
        <text
          x={points[0][0] * width + 6}
          y={Math.max(16, points[0][1] * height - 6)}
          className="zones__label"
          fill={color}
        >
          {shape.name}
        </text>
      ) : null}
      {points.map((p, k) => (
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
          <title>{`${shape.name}, point ${k + 1}: ${p[0].toFixed(3)}, ${p[1].toFixed(3)} (drag to move)`}</title>
        </circle>
      ))}
    </g>
  );
}
