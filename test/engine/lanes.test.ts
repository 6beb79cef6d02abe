// The engine's lanes: passes go to the least busy lane, and a lane whose thread died is left out.
import { describe, expect, it } from 'vitest';
import type { DetectionEngine, FrameDetections } from '../../src/detect/detector';
import { DetectorThreadFailed } from '../../src/detect/detector-thread';
import { LanedDetector } from '../../src/engine/lanes';

/** A lane that answers when told to, and says which lane ran each pass. */
function lane(name: string, ran: string[]) {
  const waiting: Array<{ resolve: (d: FrameDetections) => void; reject: (e: Error) => void }> = [];
  const engine = {
    classNames: ['person'],
    roles: ['person'],
    hasPersonClass: true,
    inputSizes: [{ width: 2, height: 2 }],
    detect: () => Promise.reject(new Error('unused')),
    detectLetterboxed: () => {
      ran.push(name);
      return new Promise<FrameDetections>((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: async () => {},
  } as unknown as DetectionEngine;
  const answer = () =>
    waiting.shift()!.resolve({ detections: [], timings: { letterboxMs: 0, inferenceMs: 1, decodeMs: 0 } });
  const die = () => waiting.shift()!.reject(new DetectorThreadFailed('Detector thread exited (code 1)'));
  return { engine, answer, die };
}

describe('engine lanes', () => {
  it('sends each pass to the lane with the fewest running', async () => {
    const ran: string[] = [];
    const [a, b] = [lane('a', ran), lane('b', ran)];
    const laned = new LanedDetector([a.engine, b.engine]);
    const first = laned.detectLetterboxed([], []);
    const second = laned.detectLetterboxed([], []);
    expect(ran).toEqual(['a', 'b']);
    a.answer();
    await first;
    const third = laned.detectLetterboxed([], []);
    expect(ran).toEqual(['a', 'b', 'a']);
    b.answer();
    a.answer();
    await Promise.all([second, third]);
  });

  it('leaves out a lane whose thread died; with none left, says why', async () => {
    const ran: string[] = [];
    const [a, b] = [lane('a', ran), lane('b', ran)];
    const laned = new LanedDetector([a.engine, b.engine]);
    const lost = laned.detectLetterboxed([], []);
    a.die();
    await expect(lost).rejects.toThrow('Detector thread exited');
    const next = laned.detectLetterboxed([], []);
    const after = laned.detectLetterboxed([], []);
    expect(ran).toEqual(['a', 'b', 'b']);
    b.die();
    await expect(next).rejects.toThrow(DetectorThreadFailed);
    b.answer();
    await after;
    await expect(laned.detectLetterboxed([], [])).rejects.toThrow('Detector thread exited');
  });
});
