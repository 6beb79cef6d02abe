// Motion gating on numbers: still pictures (with sensor noise) are not motion, a person-sized
// change is; zones limit where motion counts; a still camera is detected once per idle period, an
// unchanged picture once every unchangedSeconds.
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/domain/detection';
import { MotionGate, MotionMeter, motionConfigSchema } from '../../src/detect/motion';

const W = 1280;
const H = 720;

/** A grey 720p frame with optional noise (±noise levels, seeded) and a dark block (x, y, w, h). */
function frame(
  time: number,
  opts: { noise?: number; seed?: number; level?: number; block?: [number, number, number, number] } = {},
): Frame {
  const data = Buffer.alloc(W * H * 3, opts.level ?? 128);
  let s = opts.seed ?? 1;
  if (opts.noise) {
    for (let i = 0; i < data.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      data[i] = (opts.level ?? 128) + ((s >> 8) % (2 * opts.noise + 1)) - opts.noise;
    }
  }
  if (opts.block) {
    const [bx, by, bw, bh] = opts.block;
    for (let y = by; y < by + bh; y++) data.fill(30, (y * W + bx) * 3, (y * W + bx + bw) * 3);
  }
  return { data, width: W, height: H, seq: 0, time };
}

const cfg = motionConfigSchema.parse({});

describe('MotionMeter', () => {
  it('sees no motion in a still picture with sensor noise', () => {
    const meter = new MotionMeter(cfg);
    expect(meter.moved(frame(0, { noise: 12, seed: 1 }))).toBe(true); // the first frame always counts
    for (let i = 2; i < 12; i++) expect(meter.moved(frame(i, { noise: 12, seed: i }))).toBe(false);
  });

  it('sees a person-sized figure (24 × 60 px on 720p) step aside', () => {
    const meter = new MotionMeter(cfg);
    meter.moved(frame(0, { block: [600, 300, 24, 60] }));
    expect(meter.moved(frame(1, { block: [600, 300, 24, 60] }))).toBe(false);
    expect(meter.moved(frame(2, { block: [630, 300, 24, 60] }))).toBe(true);
  });

  it('counts motion only inside the regions it is given', () => {
    const leftHalf: [number, number][] = [
      [0, 0],
      [0.5, 0],
      [0.5, 1],
      [0, 1],
    ];
    const meter = new MotionMeter(cfg, [leftHalf]);
    meter.moved(frame(0, { block: [1000, 300, 60, 120] }));
    expect(meter.moved(frame(1, { block: [1100, 300, 60, 120] }))).toBe(false); // right half: ignored
    expect(meter.moved(frame(2, { block: [100, 300, 60, 120] }))).toBe(true);
  });

  it('starts over when the stream changes shape', () => {
    const meter = new MotionMeter(cfg);
    meter.moved(frame(0));
    const small: Frame = { data: Buffer.alloc(640 * 480 * 3, 128), width: 640, height: 480, seq: 1, time: 1 };
    expect(meter.moved(small)).toBe(true);
    expect(meter.moved({ ...small, time: 2 })).toBe(false);
  });
});

describe('MotionGate', () => {
  it('detects a still camera once per idle period while its light drifts, and every frame again once something moves', () => {
    const gate = new MotionGate(motionConfigSchema.parse({ idleSeconds: 2 }));
    const detected: number[] = [];
    // Two grey levels brighter a frame: never motion from one frame to the next, yet a different
    // picture from the one detected 2 s before.
    for (let t = 0; t < 5000; t += 200) if (gate.wants(frame(t, { level: 60 + t / 100 }))) detected.push(t);
    expect(detected).toEqual([0, 2000, 4000]);
    expect(gate.idle).toBe(true);
    expect(gate.wants(frame(5000, { level: 110, block: [100, 100, 50, 100] }))).toBe(true);
    expect(gate.idle).toBe(false);
  });

  it('detects a picture unchanged since its last detection only once every unchangedSeconds', () => {
    const gate = new MotionGate(motionConfigSchema.parse({ idleSeconds: 2, unchangedSeconds: 10 }));
    const noisy = [1, 2].map((seed) => frame(0, { noise: 12, seed }));
    const detected: number[] = [];
    for (let t = 0; t < 25_000; t += 200) if (gate.wants({ ...noisy[(t / 200) % 2], time: t })) detected.push(t);
    expect(detected).toEqual([0, 10_000, 20_000]);
    expect(gate.idle).toBe(true);
    // Someone steps in: detected at once, and every frame while they move.
    expect(gate.wants(frame(25_000, { block: [600, 300, 24, 60] }))).toBe(true);
    expect(gate.wants(frame(25_200, { block: [630, 300, 24, 60] }))).toBe(true);
  });

  it('detects every frame while the rules are confirming a violation', () => {
    const gate = new MotionGate(cfg);
    gate.wants(frame(0));
    for (let t = 200; t < 2000; t += 200) expect(gate.wants(frame(t), true)).toBe(true);
    expect(gate.idle).toBe(false);
  });

  it('off: every frame is detected', () => {
    const gate = new MotionGate(motionConfigSchema.parse({ enabled: false }));
    for (let t = 0; t < 2000; t += 200) expect(gate.wants(frame(t))).toBe(true);
  });
});
