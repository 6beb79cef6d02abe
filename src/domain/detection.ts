// Domain types shared by every stage of the data path. Pure data, no I/O.

/** Axis-aligned box in source-frame pixels: x1, y1 (top-left), x2, y2 (bottom-right). */
export type Box = [number, number, number, number];

/** What a model class means for PPE compliance. */
export type PpeRole = 'person' | 'helmet' | 'vest' | 'no-helmet' | 'no-vest' | 'ignore';

/** A violation a capture is raised for. */
export type ViolationKind = 'no-helmet' | 'no-vest';

export const VIOLATION_KINDS: readonly ViolationKind[] = ['no-helmet', 'no-vest'];

export interface Detection {
  box: Box;
  score: number;
  classId: number;
  className: string;
  role: PpeRole;
}

/** One decoded video frame: packed RGB24, `width * height * 3` bytes. */
export interface Frame {
  data: Buffer;
  width: number;
  height: number;
  /** Monotonic frame counter of the source, from 0. */
  seq: number;
  /** Wall-clock time the frame left the decoder, ms since the epoch. */
  time: number;
}
