// A worker's clip stage: the segment buffer of its camera, and the clips of its captures. A
// capture leaves at once, saying its clip is pending; the clip follows once the seconds after the
// capture are recorded and cut.
import type { ClipConfig } from '../capture/config';
import type { CameraConfig } from '../config/schema';
import type { CaptureClip, CaptureEvent, ClipEvent } from '../domain/events';
import { classifySource } from '../ingest/ffmpeg-args';
import type { SegmentRecording } from '../ingest/source-contract';
import { clipMaxWaitMs, ClipMaker, WORKER_STOPPED, type ClipTiming } from './clip-maker';
import { SegmentBuffer } from './segment-buffer';

/** Why a camera gets no clips at all, or undefined when it can have them. */
function unrecordable(url: string): string | undefined {
  // A capture device sends raw pictures: copied as they come they would fill a disk in hours.
  if (classifySource(url).kind === 'device') return 'no clip: local capture devices are not recorded';
  return undefined;
}

export class CaptureClips {
  /** Cuts under way, each ending with its clip delivered. */
  private readonly cutting = new Set<Promise<void>>();

  private constructor(
    /** The camera's buffer and cutter, or why the camera gets no clips. */
    private readonly stage: { buffer: SegmentBuffer; maker: ClipMaker } | { noClip: string },
  ) {}

  static async start(
    config: ClipConfig & { bufferDir: string },
    camera: Pick<CameraConfig, 'url' | 'privacyMasks'>,
  ): Promise<CaptureClips> {
    const reason = unrecordable(camera.url);
    if (reason) return new CaptureClips({ noClip: reason });
    const { bufferDir: dir, segmentSeconds, bufferSeconds } = config;
    const buffer = new SegmentBuffer({ dir, segmentSeconds, bufferSeconds });
    await buffer.start();
    return new CaptureClips({
      buffer,
      maker: new ClipMaker(buffer, config, config.bufferDir, camera.privacyMasks),
    });
  }

  /**
   * The capture to send now: its clip pending, or why it has none. The clip is cut meanwhile and
   * handed to `deliver` (never before this returns). An amendment adds kinds to a capture that has
   * its clip coming already (or had its chance): it gets none, so one person never makes two clips.
   */
  follow(event: CaptureEvent, deliver: (clip: CaptureClip) => void): CaptureEvent {
    if (event.amendment) return event;
    const r = this.stage;
    if ('noClip' in r) return { ...event, clip: { error: r.noClip } };
    const cut = r.maker.clipAt(Date.parse(event.time)).then(deliver);
    this.cutting.add(cut);
    void cut.finally(() => this.cutting.delete(cut));
    return { ...event, clip: 'pending' };
  }

  /** The worker is exiting: clips still waiting are cut from what is recorded, now; resolves once all are delivered. */
  async finishNow(): Promise<void> {
    if ('maker' in this.stage) this.stage.maker.finishNow();
    await Promise.all(this.cutting);
  }

  /** What the camera's frame source records its video into, when the camera has clips. */
  get recording(): SegmentRecording | undefined {
    return 'buffer' in this.stage ? this.stage.buffer : undefined;
  }
}

/**
 * A starting worker tells the archive which clips of its camera will not come: those its
 * predecessors owed for captures taken before it started (one killed with -9 sends none). At once
 * for captures older than the longest wait for a clip; for the rest once that wait is over, since
 * a predecessor still stopping while this one starts sends its last clips meanwhile. Returns what
 * an exiting worker calls to say the rest now, lest they stay pending until the next start.
 */
export function settlePredecessorClips(
  cameraId: string,
  timing: Pick<ClipTiming, 'afterSeconds' | 'segmentSeconds'>,
  send: (event: ClipEvent) => void,
): () => void {
  const startedMs = Date.now();
  const waitMs = clipMaxWaitMs(timing);
  const settle = (takenBeforeMs: number) => send({ cameraId, takenBeforeMs, reason: WORKER_STOPPED });
  settle(startedMs - waitMs);
  let owed = true;
  const settleRest = () => {
    if (!owed) return;
    owed = false;
    clearTimeout(timer);
    settle(startedMs);
  };
  const timer = setTimeout(settleRest, waitMs).unref();
  return settleRest;
}
