import { spawn } from 'node:child_process';
import { describeExit, readStderrLines, terminate, whenClosed } from './child-process';
import { type ConnectionOptions, type SourceInput, type StoredVideo, ffprobeArgs } from './ffmpeg-args';

export interface ProbedVideo extends StoredVideo {
  /** Average frames per second, when the source states it. */
  fps?: number;
}

interface ProbedStream {
  width?: unknown;
  height?: unknown;
  sample_aspect_ratio?: unknown;
  avg_frame_rate?: unknown;
  side_data_list?: { rotation?: unknown }[];
}

/**
 * Asks ffprobe for the size of the source's first video stream. Rejects with ffprobe's own
 * message (masked) when the source refuses, and after `timeoutMs` when it does not answer.
 * Aborting `signal` ends ffprobe and rejects.
 */
export async function probeVideo(
  source: SourceInput,
  opts: ConnectionOptions & { timeoutMs: number; signal: AbortSignal },
): Promise<ProbedVideo> {
  if (opts.signal.aborted) throw new Error('stopped');
  const child = spawn('ffprobe', ffprobeArgs(source, opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = whenClosed(child);
  let stdout = '';
  let lastLine: string | undefined;
  let failure: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  readStderrLines(child, (line) => (lastLine = line));

  const end = (reason: string) => {
    failure ??= reason;
    void terminate(child, closed);
  };
  const timer = setTimeout(() => end(`no answer from the source within ${opts.timeoutMs / 1000} s`), opts.timeoutMs);
  const onAbort = () => end('stopped');
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const exit = await closed;
  clearTimeout(timer);
  opts.signal.removeEventListener('abort', onAbort);

  if (failure) throw new Error(failure);
  if (exit.code !== 0) throw new Error(lastLine ?? describeExit('ffprobe', exit));
  const stream = (JSON.parse(stdout) as { streams?: ProbedStream[] }).streams?.[0];
  const width = Number(stream?.width);
  const height = Number(stream?.height);
  if (!(width > 0 && height > 0)) throw new Error('the source has no video stream');
  const [num, den] = ratio(stream?.sample_aspect_ratio, ':');
  const sampleAspect = num > 0 && den > 0 && num !== den ? num / den : undefined;
  const [frames, seconds] = ratio(stream?.avg_frame_rate, '/');
  const fps = frames > 0 && seconds > 0 ? frames / seconds : undefined;
  const rotation = Number(stream?.side_data_list?.find((s) => s.rotation !== undefined)?.rotation ?? 0);
  return { width, height, sampleAspect, ...(fps ? { fps } : {}), ...(rotation ? { rotation } : {}) };
}

/** "16:11" or "30000/1001" as its two numbers (NaN where absent). */
function ratio(text: unknown, separator: string): number[] {
  const [a, b] = String(text ?? '').split(separator);
  return [Number(a), Number(b)];
}
