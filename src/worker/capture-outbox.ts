// How a worker's captures, and the clips that follow them, leave for the host; and what an exiting
// worker waits for: the host's word that each one is saved.
import type { Logger } from 'pino';
import { CaptureClips, settlePredecessorClips } from '../clip/capture-clips';
import type { CaptureClip, CaptureEvent } from '../domain/events';
import type { SegmentRecording } from '../ingest/source-contract';
import type { HostChannel } from './host-channel';
import type { HostMessage, WorkerSettings } from './protocol';

export class CaptureOutbox {
  /** Sent and not confirmed saved yet: `capture:<id>` and `clip:<id>`. */
  private readonly unsaved = new Set<string>();
  private everythingSaved: (() => void) | undefined;

  private constructor(
    private readonly host: HostChannel,
    private readonly cameraId: string,
    private readonly clips: CaptureClips | undefined,
    /** Settles, now, the clips earlier workers of the camera still owe. */
    private readonly settlePredecessors: () => void,
  ) {
    host.on('message', (msg: HostMessage) => {
      if (msg.type === 'captureAck') this.saved(`capture:${msg.id}`);
      if (msg.type === 'clipAck') this.saved(`clip:${msg.captureId}`);
    });
  }

  /** Sets up the camera's clip buffer when clips are on. */
  static async open(host: HostChannel, settings: WorkerSettings): Promise<CaptureOutbox> {
    const { camera, clip } = settings;
    const settle = clip
      ? settlePredecessorClips(camera.id, clip, (event) => host.send({ type: 'clip', event }))
      : () => undefined;
    const clips = clip?.enabled ? await CaptureClips.start(clip, camera) : undefined;
    return new CaptureOutbox(host, camera.id, clips, settle);
  }

  /** Sends the capture at once (alerts are not held back by its clip); the clip follows once cut. */
  capture(event: CaptureEvent): void {
    this.unsaved.add(`capture:${event.id}`);
    const sent = this.clips ? this.clips.follow(event, (clip) => this.sendClip(event.id, clip)) : event;
    this.host.send({ type: 'capture', event: sent });
  }

  /**
   * Exiting: clips still waiting are cut from what is recorded, then this resolves once the host
   * confirmed every capture and clip saved (a capture made just before, e.g. by a watchdog restart
   * or a camera edit, still reaches the archive), has gone, or `timeoutMs` passed.
   */
  async finish(timeoutMs: number, log: Logger): Promise<void> {
    this.settlePredecessors();
    await this.clips?.finishNow();
    if (this.unsaved.size === 0 || !this.host.connected) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        log.error({ unsaved: this.unsaved.size }, 'exiting before the host confirmed every capture and clip saved');
        resolve();
      }, timeoutMs);
      this.everythingSaved = () => {
        clearTimeout(timer);
        resolve();
      };
      this.host.once('disconnect', this.everythingSaved);
    });
  }

  /** Where the camera's frame source records the video clips are cut from (none without clips). */
  get recording(): SegmentRecording | undefined {
    return this.clips?.recording;
  }

  private sendClip(captureId: string, clip: CaptureClip): void {
    this.unsaved.add(`clip:${captureId}`);
    this.host.send({ type: 'clip', event: { captureId, cameraId: this.cameraId, clip } });
  }

  private saved(key: string): void {
    this.unsaved.delete(key);
    if (this.unsaved.size === 0) this.everythingSaved?.();
  }
}
