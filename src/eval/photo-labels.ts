// YOLO label files, the label-class → PPE-role mapping, and the calib/holdout split. Pure.
import { createHash } from 'node:crypto';
import type { Box } from '../domain/detection';
import { emptyPerRole, EVAL_ROLES, isEvalRole, type EvalRole } from './photo-scoring';

/** Label class id → role; 'ignore' drops the class (e.g. a dataset's person boxes). */
export type LabelRoles = ReadonlyMap<number, EvalRole | 'ignore'>;

/**
 * SFCHD: 0 helmet (a head with a helmet), 1 no_helmet (a bare head), 2 no_wear (a torso without
 * work clothing or vest), 3 wear (a torso in a vest or work uniform).
 */
export const SFCHD_LABEL_ROLES: LabelRoles = new Map<number, EvalRole>([
  [0, 'helmet'],
  [1, 'no-helmet'],
  [2, 'no-vest'],
  [3, 'vest'],
]);

/** "0=helmet,1=no-helmet,2=ignore" → a mapping; classes left out are ignored too. */
export function parseLabelRoles(spec: string): LabelRoles {
  const roles = new Map<number, EvalRole | 'ignore'>();
  for (const part of spec.split(',')) {
    const [id, role, extra] = part.split('=').map((s) => s.trim());
    const classId = Number(id);
    if (extra !== undefined || id === '' || !Number.isInteger(classId) || classId < 0) {
      throw new Error(`Bad label class "${part}": expected <class id>=<role>, e.g. 0=helmet`);
    }
    if (role !== 'ignore' && !isEvalRole(role)) {
      throw new Error(`Bad role "${role}" for label class ${classId}: one of ${EVAL_ROLES.join(', ')}, ignore`);
    }
    if (roles.has(classId)) throw new Error(`Label class ${classId} is mapped twice`);
    roles.set(classId, role);
  }
  return roles;
}

/**
 * A YOLO label file in pixels of a `width` × `height` photo. A line is `class cx cy w h`, or
 * `class x1 y1 x2 y2 …` (a segmentation polygon, which some datasets mix in): its bounding box.
 * Throws on a malformed line or a class the mapping does not name.
 */
export function parseYoloLabels(
  text: string,
  width: number,
  height: number,
  roles: LabelRoles,
): Record<EvalRole, Box[]> {
  const boxes = emptyPerRole<Box>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const fields = line.trim().split(/\s+/).map(Number);
    const [classId, ...coords] = fields;
    const polygon = coords.length > 4 && coords.length % 2 === 0;
    if (fields.some((v) => !Number.isFinite(v)) || !Number.isInteger(classId) || (coords.length !== 4 && !polygon)) {
      throw new Error(`line ${i + 1}: expected "class cx cy w h" or "class x1 y1 x2 y2 …", got "${line.trim()}"`);
    }
    const role = roles.get(classId);
    if (role === undefined)
      throw new Error(`line ${i + 1}: label class ${classId} has no role (map it, or map it to ignore)`);
    if (role === 'ignore') return;
    const [x1, y1, x2, y2] = polygon ? polygonBounds(coords) : centreToCorners(coords);
    boxes[role].push([x1 * width, y1 * height, x2 * width, y2 * height]);
  });
  return boxes;
}

function centreToCorners([cx, cy, w, h]: number[]): Box {
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

function polygonBounds(coords: number[]): Box {
  const xs = coords.filter((_, i) => i % 2 === 0);
  const ys = coords.filter((_, i) => i % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export type Split = 'calib' | 'holdout';

/**
 * Which half a photo belongs to, from a hash of its name without extension: stable across runs,
 * machines and folder listings, and unrelated to the order photos were taken or named in.
 */
export function splitOf(photoId: string): Split {
  return createHash('sha256').update(photoId).digest()[0] % 2 === 0 ? 'calib' : 'holdout';
}
