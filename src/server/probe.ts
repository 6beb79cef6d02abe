import { spawn } from 'node:child_process';
import { connectionArgs, type SourceInput } from '../ingest/ffmpeg-args';
import { describeExit, readStderrLines, terminate, whenClosed } from '../ingest/child-process';

export interface GrabOptions {
  rtspTransport: 'tcp' | 'udp';
  timeoutMs: number;
  /** Larger pictures are scaled down to this width. */
  maxWidth?: number;
}

/** A source that could not be read; the message is credential-masked ffmpeg detail, for the log. */
export class ProbeError extends Error {
  override name = 'ProbeError';
}

const MAX_JPEG = 16 * 1024 * 1024;

/** Grabs one frame from a checked source with ffmpeg, as a JPEG. Rejects with a ProbeError. */
export async function grabJpeg(source: SourceInput, opts: GrabOptions): Promise<Buffer> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...connectionArgs(source.kind, { rtspTransport: opts.rtspTransport, ioTimeoutMs: opts.timeoutMs }),
    '-i',
    source.input,
    '-an',
    '-sn',
    '-dn',
    '-frames:v',
    '1',
    '-vf',
    `scale='min(${opts.maxWidth ?? 1920},iw)':-2`,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '3',
    'pipe:1',
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = whenClosed(child);
  const chunks: Buffer[] = [];
  let size = 0;
  let lastLine: string | undefined;
  let failure: string | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_JPEG) {
      failure ??= 'the picture is too large';
      void terminate(child, closed);
    } else chunks.push(chunk);
  });
  readStderrLines(child, (line) => (lastLine = line));
  const timer = setTimeout(() => {
    failure ??= `no picture from the source within ${Math.round(opts.timeoutMs / 1000)} s`;
    void terminate(child, closed);
  }, opts.timeoutMs);
  const exit = await closed;
  clearTimeout(timer);

  if (failure) throw new ProbeError(failure);
  if (exit.code !== 0) throw new ProbeError(lastLine ?? describeExit('ffmpeg', exit));
  const jpeg = Buffer.concat(chunks);
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8)
    throw new ProbeError(lastLine ?? 'the source sent no video picture');
  return jpeg;
}
