// MOTChallenge text formats (det.txt, gt.txt, tracker output, seqinfo.ini). Pure parsing, no I/O.
import type { Box, Detection } from '../domain/detection';

/** One row of a MOTChallenge file: `frame,id,x,y,w,h,conf,…`. */
export interface MotRow {
  /** 1-based frame number. */
  frame: number;
  /** Object id; -1 in detection files. */
  id: number;
  /** Converted from x, y, w, h to [x1, y1, x2, y2]. */
  box: Box;
  /** Column 7: the detection score in det.txt; in gt.txt 0 marks an object to ignore. */
  conf: number;
}

/** A box with an identity, as the metrics compare them. */
export interface LabelledBox {
  id: number;
  box: Box;
}

export interface SequenceInfo {
  name: string;
  frameRate: number;
  /** Number of frames. */
  length: number;
  width: number;
  height: number;
}

/** Parses a MOTChallenge CSV file; `source` names it in error messages. */
export function parseMotRows(text: string, source: string): MotRow[] {
  const rows: MotRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const f = line.split(',').map(Number);
    if (f.length < 7 || f.slice(0, 7).some((v) => !Number.isFinite(v))) {
      throw new Error(`${source}:${i + 1}: expected frame,id,x,y,w,h,conf,…: "${line}"`);
    }
    const [frame, id, x, y, w, h, conf] = f;
    if (!Number.isInteger(frame) || frame < 1) throw new Error(`${source}:${i + 1}: bad frame number ${frame}`);
    rows.push({ frame, id, box: [x, y, x + w, y + h], conf });
  }
  return rows;
}

/** Parses seqinfo.ini's [Sequence] section (name, frameRate, seqLength, imWidth, imHeight). */
export function parseSequenceInfo(text: string, source: string): SequenceInfo {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (m) values.set(m[1], m[2]);
  }
  const num = (key: string): number => {
    const v = Number(values.get(key));
    if (!(v > 0)) throw new Error(`${source}: missing or invalid ${key}`);
    return v;
  };
  const name = values.get('name');
  if (!name) throw new Error(`${source}: missing name`);
  return {
    name,
    frameRate: num('frameRate'),
    length: num('seqLength'),
    width: num('imWidth'),
    height: num('imHeight'),
  };
}

/** Groups rows by frame: entry 0 holds frame 1. Rows beyond `length` frames are an error. */
export function rowsByFrame(rows: readonly MotRow[], length: number, source: string): MotRow[][] {
  const frames: MotRow[][] = Array.from({ length }, () => []);
  for (const r of rows) {
    if (r.frame > length) throw new Error(`${source}: frame ${r.frame} beyond the sequence's ${length} frames`);
    frames[r.frame - 1].push(r);
  }
  return frames;
}

/**
 * Ground truth as MOTChallenge scores MOT15: rows marked conf 0 are dropped (MOT15 has no
 * distractor classes, so no tracker boxes are removed with them).
 */
export function groundTruthFrames(rows: readonly MotRow[], length: number, source: string): LabelledBox[][] {
  return rowsByFrame(
    rows.filter((r) => r.conf !== 0),
    length,
    source,
  ).map((frame) => frame.map(({ id, box }) => ({ id, box })));
}

/** Detections as the trackers take them: one 'person' class, scored by column 7. */
export function detectionFrames(rows: readonly MotRow[], length: number, source: string): Detection[][] {
  return rowsByFrame(rows, length, source).map((frame) =>
    frame.map(({ box, conf }) => ({ box, score: conf, classId: 0, className: 'person', role: 'person' })),
  );
}
