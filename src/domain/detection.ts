// Domain types shared by every stage of the data path. Pure data, no I/O.

/** Axis-aligned box in source-frame pixels: x1, y1 (top-left), x2, y2 (bottom-right). */
export type Box = [number, number, number, number];

/**
 * What a model class means for PPE compliance: `person`, `ignore`, the id of an item seen worn
 * (`helmet`), or the kind of an item seen missing (`no-helmet`). Items come from the catalogue
 * (ppe-items.ts), so roles are strings checked against it where classes are mapped.
 */
export type PpeRole = string;

export type { ViolationKind } from './ppe-items';

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

/**
 * A frame on loan from its source: its pixels stay as they are until `release()`, and the holder
 * must not touch them after. Whoever holds it passes it on or releases it, so each frame buffer
 * has one owner at a time.
 */
export interface LentFrame extends Frame {
  /** Gives the buffer back for a later frame. Further calls do nothing. */
  release(): void;
}
