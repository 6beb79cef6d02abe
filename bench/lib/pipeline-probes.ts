// Instruments of bench/pipeline.ts. Importing this module wraps ViolationMonitor.update,
// RawFrameReader.push and LatestFrameSlot.put on their prototypes to time them: nothing in src
// changes for the bench.
import fs from 'node:fs';
import type { Detector } from '../../src/detect/detector';
import type { Frame, LentFrame } from '../../src/domain/detection';
import { LatestFrameSlot } from '../../src/ingest/latest-frame-slot';
import { RawFrameReader } from '../../src/ingest/raw-frame-reader';
import { ViolationMonitor, type ConfirmedViolation, type PersonView } from '../../src/ppe/monitor';
import type { PipelineSink } from '../../src/worker/pipeline';
import type { DetectSample } from './pipeline-report';
import { CLK_TCK, cpuSeconds, descendants } from './proc';
import { sum } from './stats';

/** What the wrapped methods measured; the bench resets the parts it reads per phase. */
export const probes = {
  monitorMs: [] as number[],
  lastUpdate: undefined as { people: PersonView[]; confirmed: ConfirmedViolation<Frame>[] } | undefined,
  /** Time in RawFrameReader.push (pipe chunk → frame, incl. delivery to the slot) and in LatestFrameSlot.put. */
  handoff: { pushMs: 0, putMs: 0 },
};
/** A call, so that a read after process() is not narrowed by the reset before it. */
export const latestUpdate = () => probes.lastUpdate;
const originalUpdate = ViolationMonitor.prototype.update;
ViolationMonitor.prototype.update = function (
  this: ViolationMonitor<Frame>,
  ...args: Parameters<ViolationMonitor<Frame>['update']>
) {
  const t = performance.now();
  const result = originalUpdate.apply(this, args) as ReturnType<ViolationMonitor<Frame>['update']>;
  probes.monitorMs.push(performance.now() - t);
  probes.lastUpdate = result;
  return result;
} as typeof originalUpdate;

const originalPush = RawFrameReader.prototype.push;
RawFrameReader.prototype.push = function (this: RawFrameReader, chunk: Buffer) {
  const t = performance.now();
  originalPush.call(this, chunk);
  probes.handoff.pushMs += performance.now() - t;
};
const originalPut = LatestFrameSlot.prototype.put;
LatestFrameSlot.prototype.put = function (this: LatestFrameSlot, frame: LentFrame) {
  const t = performance.now();
  originalPut.call(this, frame);
  probes.handoff.putMs += performance.now() - t;
};

/** The detector, recording its stage timings for every call. */
export function timedDetector(inner: Detector, into: DetectSample[]): Detector {
  return {
    classNames: inner.classNames,
    roles: inner.roles,
    hasPersonClass: inner.hasPersonClass,
    close: () => inner.close(),
    async detect(frame) {
      const t = performance.now();
      const answer = await inner.detect(frame);
      into.push({ ...answer.timings, wallMs: performance.now() - t });
      return answer;
    },
  };
}

/** A PipelineSink with the given methods; any other (preview, sightings, …) does nothing. */
export function sink(methods: Record<string, (...args: never[]) => unknown>): PipelineSink {
  return new Proxy(methods, { get: (target, key: string) => target[key] ?? (() => {}) }) as unknown as PipelineSink;
}

/** CPU seconds of this process and of its children (ffmpeg, ffprobe) so far, reaped or running. */
export function cpuTimes(): { self: number; children: number } {
  const f = fs.readFileSync('/proc/self/stat', 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  const running = sum(descendants(process.pid).map((p) => cpuSeconds(p.pid) ?? 0));
  return {
    self: (Number(x[11]) + Number(x[12])) / CLK_TCK,
    children: (Number(x[13]) + Number(x[14])) / CLK_TCK + running,
  };
}
