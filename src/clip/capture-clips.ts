// A worker's clip stage: the segment buffer of its camera, and the clips of its captures.
import type { Logger } from 'pino';
import type { ClipConfig } from '../capture/config';
import type { CameraConfig } from '../config/schema';
import type { CaptureEvent } from '../domain/events';
import { ClipMaker } from './clip-maker';
import { SegmentBuffer } from './segment-buffer';

export class CaptureClips {
  private constructor(
    private readonly buffer: SegmentBuffer,
    private readonly maker: ClipMaker,
  ) {}

  static async start(
    config: ClipConfig & { bufferDir: string },
    camera: Pick<CameraConfig, 'url' | 'rtspTransport'>,
    log: Logger,
  ): Promise<CaptureClips> {
    const buffer = new SegmentBuffer({
      url: camera.url,
      rtspTransport: camera.rtspTransport,
      dir: config.bufferDir,
      segmentSeconds: config.segmentSeconds,
      bufferSeconds: config.bufferSeconds,
      log,
    });
    await buffer.start();
    return new CaptureClips(buffer, new ClipMaker(buffer, config, config.bufferDir));
  }

  /**
   * The event with its clip. An amendment adds kinds to a capture that has its clip already (or
   * had its chance): it gets none, so one person never makes two clips.
   */
  async attach(event: CaptureEvent): Promise<CaptureEvent> {
    if (event.amendment) return event;
    return { ...event, clip: await this.maker.clipAt(Date.parse(event.time)) };
  }

  /** The worker is exiting: clips still waiting are cut from what is recorded, now. */
  finishNow(): void {
    this.maker.finishNow();
  }

  stop(): Promise<void> {
    return this.buffer.stop();
  }
}
