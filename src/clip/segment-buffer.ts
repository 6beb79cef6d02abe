// The rolling buffer a clip is cut from: the camera's own encoded stream, copied (never decoded)
// into short segment files by a second ffmpeg, the last `bufferSeconds` kept on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { readStderrLines, terminate, whenClosed, type ChildExit } from '../ingest/child-process';
import { classifySource, connectionArgs, type SourceInput } from '../ingest/ffmpeg-args';
import { segmentFormat, type SegmentFormat } from './cut';

/** One finished segment file and the wall-clock span it covers. */
export interface Segment {
  file: string;
  startMs: number;
  endMs: number;
}

export interface SegmentBufferOptions {
  url: string;
  rtspTransport: 'tcp' | 'udp';
  /** Where the segments of this camera go (emptied at start: a previous worker's are stale). */
  dir: string;
  segmentSeconds: number;
  bufferSeconds: number;
  log: Pick<Logger, 'warn' | 'error'>;
  /** First restart delay after the recorder ffmpeg ends (the camera dropped); doubles up to 30 s while it keeps failing. */
  restartMs?: number;
}

/**
 * ffmpeg arguments of the recorder. Matroska segments hold any codec (H.264, HEVC, MJPEG), so one
 * recorder serves every source; the cut decides between copying and re-encoding. The segment list
 * goes to stdout as each segment closes, which is how the buffer learns a segment is complete.
 */
export function recorderArgs(
  source: SourceInput,
  opts: Pick<SegmentBufferOptions, 'rtspTransport' | 'dir' | 'segmentSeconds'>,
  /** Names differ per recorder run: a restarted ffmpeg counts from 0 again. */
  run: number,
): string[] {
  // Files are demo and test sources: paced and looped like the frame source plays them.
  const pacing = source.kind === 'file' ? ['-re', '-stream_loop', '-1'] : [];
  // Over RTP the first packets of a stream with B-frames come without timestamps, which no muxer
  // takes ("unknown timestamp"): copying starts at the first keyframe after them.
  const settled = source.kind === 'rtsp' ? ['-ss', '0.1'] : [];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...pacing,
    ...connectionArgs(source.kind, { rtspTransport: opts.rtspTransport, ioTimeoutMs: 10_000 }),
    '-i',
    source.input,
    '-map',
    '0:v:0',
    '-c',
    'copy',
    ...settled,
    '-f',
    'segment',
    '-segment_time',
    String(opts.segmentSeconds),
    '-reset_timestamps',
    '1',
    '-segment_format',
    'matroska',
    '-segment_list',
    'pipe:1',
    '-segment_list_type',
    'csv',
    path.join(opts.dir, `r${run}-%09d.mkv`),
  ];
}

/**
 * Runs the recorder so it dies with the worker, even one killed with -9: ffmpeg writes to its
 * pipes only once per segment and goes on when they break, so a watcher on the stdin pipe ends it
 * when the pipe closes (the worker exited, or stop() closed it). The shell exits with ffmpeg.
 * A signal to the shell (PM2 signals the whole process tree) is passed on, and the shell still
 * reaps ffmpeg: an orphaned zombie counts as alive to PM2, whose restart then waits for its kill
 * timeout, and is reaped late or never where PID 1 is not an init (containers).
 */
const DIES_WITH_PARENT = [
  // Set first, so a signal while starting is not lost: the check after the start catches it.
  "trap 'stop=1; kill -TERM $pid $watcher 2>/dev/null' INT TERM HUP",
  'exec 3<&0',
  'ffmpeg "$@" &',
  'pid=$!',
  '{ read -r _ <&3; kill -TERM "$pid" 2>/dev/null; } &',
  'watcher=$!',
  '[ -z "$stop" ] || kill -TERM "$pid" "$watcher" 2>/dev/null',
  // A trapped signal ends `wait` early: wait again until ffmpeg is reaped here.
  'code=0',
  'while kill -0 "$pid" 2>/dev/null; do wait "$pid"; code=$?; done',
  // The watcher is reaped here too, for the same reason.
  'kill -TERM "$watcher" 2>/dev/null',
  'wait "$watcher" 2>/dev/null', // quietly: the last stderr line is ffmpeg's reason
  'exit "$code"',
].join('\n');

/** The program and arguments that run the recorder ffmpeg with `args` so it dies with its parent. */
export function recorderCommand(args: readonly string[]): [string, string[]] {
  return ['sh', ['-c', DIES_WITH_PARENT, 'clip-recorder', ...args]];
}

/** The recorder run a segment file comes from (`r<run>-<n>.mkv`). */
const runOf = (file: string) => path.basename(file).split('-')[0];

/**
 * The wall-clock span of a segment of `seconds` that closed at `endMs`. One recorder run's
 * segments follow each other without a gap: a source slower than real time (a loaded camera or
 * host) lists fewer seconds than went by, which would leave holes where a capture finds no video,
 * so a segment starts where the run's previous one ended.
 */
export function segmentSpan(previous: Segment | undefined, file: string, seconds: number, endMs: number): Segment {
  const listedStartMs = endMs - seconds * 1000;
  const follows = previous !== undefined && runOf(previous.file) === runOf(file);
  return { file, startMs: follows ? Math.min(previous.endMs, listedStartMs) : listedStartMs, endMs };
}

export class SegmentBuffer {
  private segments: Segment[] = [];
  private child?: ChildProcess;
  private closed?: Promise<ChildExit>;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  private runs = 0;
  /** Recorder runs in a row that ended before finishing a segment. */
  private failures = 0;
  /** Why the buffer holds nothing usable, while it does not (shown as a capture's "no clip" reason). */
  private trouble: string | undefined = 'the clip recorder has not started yet';
  /** Segments being read by a cut are not deleted under it. */
  private readonly inUse = new Map<string, number>();
  /** The format of each recorder run's segments (`r<run>-…`), probed once: a probe costs as much as a cut. */
  private readonly formats = new Map<string, Promise<SegmentFormat>>();

  constructor(private readonly opts: SegmentBufferOptions) {}

  async start(): Promise<void> {
    await fs.rm(this.opts.dir, { recursive: true, force: true });
    await fs.mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
    this.launch();
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

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    if (!this.child || !this.closed) return;
    this.child.stdin?.end(); // the watcher stops ffmpeg, which closes its last segment
    const ended = await Promise.race([this.closed.then(() => true), delay(3000, false)]);
    if (!ended) await terminate(this.child, this.closed);
  }

  private launch(): void {
    const source = classifySource(this.opts.url);
    const args = recorderArgs(source, this.opts, this.runs++);
    const [program, programArgs] = recorderCommand(args);
    const child = spawn(program, programArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.closed = whenClosed(child);
    // Closing the watcher's pipe after the shell is gone must not fail the worker.
    child.stdin?.on('error', () => undefined);
    let lastLine: string | undefined;
    readStderrLines(child, (line) => (lastLine = line));
    createInterface({ input: child.stdout! }).on('line', (line) => this.finished(line));
    void this.closed.then((exit) => {
      child.stdin?.end(); // the watcher of a recorder that ended by itself
      if (this.stopped) return;
      // Segments from before the gap stay usable; new ones follow once the recorder is back.
      this.trouble = `clip recorder stopped: ${lastLine ?? exit.spawnError?.message ?? `exit code ${exit.code}`}`;
      const delayMs = Math.min(30_000, (this.opts.restartMs ?? 2000) * 2 ** this.failures++);
      this.opts.log.warn({ reason: this.trouble, restartInMs: delayMs }, 'clip recorder ended: restarting');
      this.restartTimer = setTimeout(() => this.launch(), delayMs);
    });
  }

  /**
   * A csv list line "r0-000000012.mkv,24.04,26.08" arrives as that segment closes, so it ends
   * about now and began its duration earlier: wall-clock times without trusting camera clocks.
   */
  private finished(line: string): void {
    const [name, start, end] = line.split(',');
    const seconds = Number(end) - Number(start);
    if (!name || !(seconds > 0)) return;
    const endMs = Date.now();
    this.segments.push(segmentSpan(this.segments.at(-1), path.join(this.opts.dir, name), seconds, endMs));
    this.trouble = undefined;
    this.failures = 0;
    void this.forgetOld(endMs);
  }

  private async forgetOld(now: number): Promise<void> {
    const keepFrom = now - this.opts.bufferSeconds * 1000;
    const old = this.segments.filter((s) => s.endMs < keepFrom && !this.inUse.has(s.file));
    this.segments = this.segments.filter((s) => !old.includes(s));
    await Promise.all(old.map((s) => fs.rm(s.file, { force: true })));
  }
}
