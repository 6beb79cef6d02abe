// A worker's clip stage: the segment buffer of its camera, and the clips of its captures.
import type { Logger } from 'pino';
import type { ClipConfig } from '../capture/config';
import type { CameraConfig } from '../config/schema';
import type { CaptureEvent } from '../domain/events';
import { classifySource } from '../ingest/ffmpeg-args';
import { ClipMaker } from './clip-maker';
import { SegmentBuffer } from './segment-buffer';

/** Why a camera gets no clips at all, or undefined when it can have them. */
function unrecordable(url: string): string | undefined {
  // A capture device opens once: the frame source has it, a second ffmpeg would find it busy.
  if (classifySource(url).kind === 'device') return 'no clip: local capture devices are not recorded';
  return undefined;
}

export class CaptureClips {
  private constructor(
    /** The camera's buffer and cutter, or why the camera gets no clips. */
    private readonly recording: { buffer: SegmentBuffer; maker: ClipMaker } | { noClip: string },
  ) {}

  static async start(
    config: ClipConfig & { bufferDir: string },
    camera: Pick<CameraConfig, 'url' | 'rtspTransport'>,
    log: Logger,
  ): Promise<CaptureClips> {
    const reason = unrecordable(camera.url);
    if (reason) return new CaptureClips({ noClip: reason });
    const buffer = new SegmentBuffer({
      url: camera.url,
      rtspTransport: camera.rtspTransport,
      dir: config.bufferDir,
      segmentSeconds: config.segmentSeconds,
      bufferSeconds: config.bufferSeconds,
      log,
    });
    await buffer.start();
    return new CaptureClips({ buffer, maker: new ClipMaker(buffer, config, config.bufferDir) });
  }

  /**
   * The event with its clip. An amendment adds kinds to a capture that has its clip already (or
   * had its chance): it gets none, so one person never makes two clips.
   */
  async attach(event: CaptureEvent): Promise<CaptureEvent> {
    if (event.amendment) return event;
    const r = this.recording;
    const clip = 'noClip' in r ? { error: r.noClip } : await r.maker.clipAt(Date.parse(event.time));
    return { ...event, clip };
  }

  /** The worker is exiting: clips still waiting are cut from what is recorded, now. */
  finishNow(): void {
    if ('maker' in this.recording) this.recording.maker.finishNow();
  }

  async stop(): Promise<void> {
    if ('buffer' in this.recording) await this.recording.buffer.stop();
  }
}
