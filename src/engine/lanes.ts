// Passes side by side. onnxruntime-node runs a pass synchronously on the JavaScript thread that
// calls it, and one pass spread over every core stalls whenever one of its threads waits for a
// core the cameras' ffmpegs hold. So on a busy host the engine runs a pass per lane instead: each
// lane a thread of its own with its own session of the model and a share of the host's threads.
import type { DetectionEngine, FrameDetections } from '../detect/detector';
import { DetectorThreadFailed } from '../detect/detector-thread';
import type { Frame } from '../domain/detection';
import type { FrameRegion, LetterboxedInput, LetterboxGeometry } from '../detect/letterbox';

/**
 * A detector over several lanes, each pass on the least busy one. Passes on different lanes may
 * be answered out of order: the engine runs at most one pass of a camera at a time.
 */
export class LanedDetector implements DetectionEngine {
  readonly classNames: readonly string[];
  readonly roles: DetectionEngine['roles'];
  readonly hasPersonClass: boolean;
  readonly inputSizes: DetectionEngine['inputSizes'];
  /** Passes running or queued on each lane; Infinity for a lane whose thread died. */
  private readonly load: number[];
  private lost: Error | undefined;

  constructor(private readonly lanes: readonly DetectionEngine[]) {
    const [first] = lanes;
    this.classNames = first.classNames;
    this.roles = first.roles;
    this.hasPersonClass = first.hasPersonClass;
    this.inputSizes = first.inputSizes;
    this.load = lanes.map(() => 0);
  }

  detect(frame: Frame, region?: FrameRegion): Promise<FrameDetections> {
    return this.onLeastBusy((lane) => lane.detect(frame, region));
  }

  detectLetterboxed(inputs: readonly LetterboxedInput[], geometries: readonly LetterboxGeometry[]) {
    return this.onLeastBusy((lane) => lane.detectLetterboxed(inputs, geometries));
  }

  private onLeastBusy(pass: (lane: DetectionEngine) => Promise<FrameDetections>): Promise<FrameDetections> {
    const least = Math.min(...this.load);
    if (least === Infinity) return Promise.reject(this.lost!);
    const at = this.load.indexOf(least);
    this.load[at]++;
    return pass(this.lanes[at]).then(
      (answer) => {
        this.load[at]--;
        return answer;
      },
      (err: Error) => {
        // A lane whose thread died answers nothing again: the others carry on without it.
        if (err instanceof DetectorThreadFailed) {
          this.load[at] = Infinity;
          this.lost = err;
        } else this.load[at]--;
        throw err;
      },
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }
}
