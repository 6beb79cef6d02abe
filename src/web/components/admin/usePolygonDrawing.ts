import { useState } from 'react';
import type { Point } from './PolygonCanvas';

/** How the drawing reads and makes one kind of polygon (a zone's points are `polygon`, a mask's `points`). */
export interface PolygonAccess<T extends { name: string }> {
  pointsOf(item: T): Point[];
  withPoints(item: T, points: Point[]): T;
  /** A new polygon named `name`, with its first points. */
  create(name: string, points: Point[]): T;
  /** New polygons are named `<base> <n>`: "Zone 1", "Mask 2". */
  baseName: string;
}

/**
 * Drawing a list of polygons on a picture: click to add a point to the selected one (a click with
 * none selected starts a new one), drag a point to move it.
 */
export function usePolygonDrawing<T extends { name: string }>(
  items: T[],
  onChange: (items: T[]) => void,
  access: PolygonAccess<T>,
) {
  const [selected, setSelected] = useState<number | null>(items.length ? 0 : null);
  const active = selected !== null && selected < items.length ? selected : null;

  const update = (i: number, item: T) => onChange(items.map((x, j) => (j === i ? item : x)));

  const add = (firstPoint?: Point) => {
    const names = new Set(items.map((x) => x.name));
    let n = items.length + 1;
    while (names.has(`${access.baseName} ${n}`)) n += 1;
    onChange([...items, access.create(`${access.baseName} ${n}`, firstPoint ? [firstPoint] : [])]);
    setSelected(items.length);
  };

  const remove = (i: number) => {
    onChange(items.filter((_, j) => j !== i));
    setSelected(null);
  };

  const canvas = {
    active,
    onPoint: (p: Point) => {
      if (active === null) add(p);
      else update(active, access.withPoints(items[active], [...access.pointsOf(items[active]), p]));
    },
    onMovePoint: (i: number, k: number, p: Point) => {
      const points = access.pointsOf(items[i]).map((q, j) => (j === k ? p : q));
      update(i, access.withPoints(items[i], points));
    },
    onSelect: setSelected,
  };

  return { active, select: setSelected, add, update, remove, canvas };
}
