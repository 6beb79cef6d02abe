// The rolling buffer a clip is cut from: the camera's own encoded stream, copied (never decoded)
// into short segment files by the frame source's ffmpeg (a second output beside the frames: one
// connection to the camera, one demux), the last `bufferSeconds` kept on disk.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SegmentRecording } from '../ingest/source-contract';
import { segmentFormat, type SegmentFormat } from './cut';

/** One finished segment file and the wall-clock span it covers. */
export interface Segment {
  file: string;
  startMs: number;
  endMs: number;
}

export interface SegmentBufferOptions {
  /** Where the segments of this camera go (emptied at start: a previous worker's are stale). */
  dir: string;
  segmentSeconds: number;
  bufferSeconds: number;
}

/** The recording run (frame source ffmpeg run) a segment file comes from (`r<run>-<n>.mkv`). */
const runOf = (file: string) => path.basename(file).split('-')[0];

/**
 * The wall-clock span of a segment of `seconds` that closed at `endMs`. One recording run's
 * segments follow each other without a gap: a source slower than real time (a loaded camera or
 * host) lists fewer seconds than went by, which would leave holes where a capture finds no video,
 * so a segment starts where the run's previous one ended.
 */
export function segmentSpan(previous: Segment | undefined, file: string, seconds: number, endMs: number): Segment {
  const listedStartMs = endMs - seconds * 1000;
  const follows = previous !== undefined && runOf(previous.file) === runOf(file);
  return { file, startMs: follows ? Math.min(previous.endMs, listedStartMs) : listedStartMs, endMs };
}

export class SegmentBuffer implements SegmentRecording {
  private segments: Segment[] = [];
  /** Why the buffer holds nothing usable, while it does not (shown as a capture's "no clip" reason). */
  private trouble: string | undefined = 'no video recorded yet';
  /** Segments being read by a cut are not deleted under it. */
  private readonly inUse = new Map<string, number>();
  /** The format of each recording run's segments (`r<run>-…`), probed once: a probe costs as much as a cut. */
  private readonly formats = new Map<string, Promise<SegmentFormat>>();

  constructor(private readonly opts: SegmentBufferOptions) {}

  get dir(): string {
    return this.opts.dir;
  }

  get segmentSeconds(): number {
    return this.opts.segmentSeconds;
  }

  async start(): Promise<void> {
    await fs.rm(this.opts.dir, { recursive: true, force: true });
    await fs.mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
  }

  /** The finished segments overlapping [fromMs, toMs], oldest first, held until `release`. */
  take(fromMs: number, toMs: number): Segment[] {
    const found = this.segments.filter((s) => s.endMs > fromMs && s.startMs < toMs);
    for (const s of found) this.inUse.set(s.file, (this.inUse.get(s.file) ?? 0) + 1);
    return found;
  }

  release(segments: readonly Segment[]): void {
    for (const s of segments) {
      const n = (this.inUse.get(s.file) ?? 1) - 1;
      if (n > 0) this.inUse.set(s.file, n);
      else this.inUse.delete(s.file);
    }
  }

  /** The video codec ("h264", "mjpeg") and picture size of a segment, given up at `deadline`. */
  formatOf(segment: Segment, deadline: number): Promise<SegmentFormat> {
    const run = runOf(segment.file);
    const known = this.formats.get(run);
    if (known) return known;
    const probed = segmentFormat(segment.file, deadline);
    this.formats.set(run, probed);
    probed.catch(() => this.formats.delete(run)); // probed again by the next cut
    return probed;
  }

  /** The end of the newest finished segment (0 when none). */
  get coveredUntil(): number {
    return this.segments.at(-1)?.endMs ?? 0;
  }

  get problem(): string | undefined {
    return this.trouble;
  }

  /**
   * A csv list line "r0-000000012.mkv,24.04,26.08" arrives as that segment closes, so it ends
   * about now and began its duration earlier: wall-clock times without trusting camera clocks.
   */
  segmentClosed(line: string): void {
    const [name, start, end] = line.split(',');
    const seconds = Number(end) - Number(start);
    if (!name || !(seconds > 0)) return;
    const endMs = Date.now();
    this.segments.push(segmentSpan(this.segments.at(-1), path.join(this.opts.dir, name), seconds, endMs));
    this.trouble = undefined;
    void this.forgetOld(endMs);
  }

  /** Segments from before the gap stay usable; new ones follow once the source's ffmpeg runs again. */
  stopped(reason: string): void {
    this.trouble = `clip recording stopped: ${reason}`;
  }

  private async forgetOld(now: number): Promise<void> {
    const keepFrom = now - this.opts.bufferSeconds * 1000;
    const old = this.segments.filter((s) => s.endMs < keepFrom && !this.inUse.has(s.file));
    this.segments = this.segments.filter((s) => !old.includes(s));
    await Promise.all(old.map((s) => fs.rm(s.file, { force: true })));
  }
}
