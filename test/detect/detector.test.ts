import { afterAll, describe, expect, it } from 'vitest';
import type { Detection } from '../../src/domain/detection';
import { createDetector, type DetectorLog } from '../../src/detect/detector';
import { namesMetadata, removeModels, solidFrame, writeModel, yolov8Values } from './onnx-models';

afterAll(removeModels);

// A 640×480 frame in a 320×320 input: scale 0.5, resized 320×240, padded 40 px top and bottom.
// So input (x, y) ↔ source (2x, 2(y − 40)).
const FRAME = solidFrame(640, 480);
const BOX_A_SOURCE = [160, 140, 240, 260]; // input box cx 100, cy 140, w 40, h 60

const PPE_NAMES = ['helmet', 'head', 'safety-jacket'];

const summary = (ds: Detection[]) =>
  ds.map((d) => ({
    className: d.className,
    role: d.role,
    classId: d.classId,
    score: Number(d.score.toFixed(4)),
    box: d.box,
  }));

function captureLog() {
  const lines: { level: 'info' | 'warn'; obj: object | string; msg?: string }[] = [];
  const log: DetectorLog = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  };
  return { log, lines };
}

describe('YOLOv8 / YOLO11 output [1, 4+C, N]', () => {
  // cx, cy, w, h, helmet, head, safety-jacket
  const rows = [
    [100, 140, 40, 60, 0.9, 0.1, 0.0], // helmet — kept
    [102, 141, 40, 60, 0.6, 0.0, 0.0], // same helmet, lower score — removed by NMS
    [100, 140, 40, 60, 0.0, 0.7, 0.0], // bare head at the same place — other class, kept
    [250, 100, 20, 20, 0.0, 0.0, 0.2], // vest below the 0.25 default — dropped
    [200, 270, 40, 40, 0.0, 0.0, 0.5], // vest reaching into the bottom padding — clipped to the frame
    [100, 20, 20, 20, 0.8, 0.0, 0.0], // entirely in the top padding — dropped
  ];
  const model = () =>
    writeModel('v8', {
      outputDims: [1, 7, rows.length],
      values: yolov8Values(rows),
      metadata: { names: namesMetadata(PPE_NAMES) },
    });

  it('finds the boxes in source pixels of a non-square frame, one per object and class', async () => {
    const detector = await createDetector({ path: model() });
    expect(detector.classNames).toEqual(PPE_NAMES);
    expect(detector.roles).toEqual(['helmet', 'no-helmet', 'vest']);
    expect(detector.hasPersonClass).toBe(false);
    const { detections, timings: t } = await detector.detect(FRAME);
    expect(summary(detections)).toEqual([
      { className: 'helmet', role: 'helmet', classId: 0, score: 0.9, box: BOX_A_SOURCE },
      { className: 'head', role: 'no-helmet', classId: 1, score: 0.7, box: BOX_A_SOURCE },
      { className: 'safety-jacket', role: 'vest', classId: 2, score: 0.5, box: [360, 420, 440, 480] },
    ]);
    expect(t.inferenceMs).toBeGreaterThan(0);
    expect(t.letterboxMs).toBeGreaterThanOrEqual(0);
    expect(t.decodeMs).toBeGreaterThanOrEqual(0);
    await detector.close();
  });

  it('applies per-class thresholds and lets a class be ignored', async () => {
    const detector = await createDetector({
      path: model(),
      minScore: 0.1,
      classes: { 'safety-jacket': { role: 'vest', minScore: 0.6 }, head: { role: 'ignore' } },
    });
    // The vests (0.2, 0.5) are under their own 0.6; the bare head is no longer reported.
    expect(summary((await detector.detect(FRAME)).detections).map((d) => [d.className, d.score])).toEqual([
      ['helmet', 0.9],
    ]);
    await detector.close();
  });

  it('merges overlapping boxes of one class more or less eagerly with the iou setting', async () => {
    const eager = await createDetector({ path: model(), iou: 0.95 });
    expect(
      (await eager.detect(FRAME)).detections
        .filter((d) => d.className === 'helmet')
        .map((d) => Number(d.score.toFixed(2))),
    ).toEqual([0.9, 0.6]);
    await eager.close();
  });
});

describe('YOLOv5 output [1, N, 5+C] with objectness', () => {
  // cx, cy, w, h, objectness, helmet, head, safety-jacket; score = objectness × class score
  const rows = [
    [100, 140, 40, 60, 0.9, 1.0, 0.2, 0.0], // helmet 0.9
    [100, 140, 40, 60, 0.5, 0.4, 0.0, 0.0], // helmet 0.2 — below threshold
    [200, 200, 40, 40, 0.8, 0.0, 0.0, 0.5], // vest 0.4
    [300, 300, 10, 10, 0.1, 1.0, 0.0, 0.0], // low objectness — dropped
  ];

  it('decodes scores as objectness × class score, boxes in source pixels', async () => {
    const file = writeModel('v5', {
      outputDims: [1, rows.length, 8],
      values: rows.flat(),
      metadata: { names: namesMetadata(PPE_NAMES) },
    });
    const detector = await createDetector({ path: file });
    expect(summary((await detector.detect(FRAME)).detections)).toEqual([
      { className: 'helmet', role: 'helmet', classId: 0, score: 0.9, box: BOX_A_SOURCE },
      { className: 'safety-jacket', role: 'vest', classId: 2, score: 0.4, box: [360, 280, 440, 360] },
    ]);
    await detector.close();
  });
});

describe('end-to-end output [1, N, 6]', () => {
  // x1, y1, x2, y2, score, class — NMS already done by the model
  const rows = [
    [80, 110, 120, 170, 0.95, 1], // head
    [82, 112, 122, 172, 0.5, 1], // a second head the model chose to keep: reported as is
    [180, 180, 220, 220, 0.3, 2], // vest
    [0, 0, 0, 0, 0, 0], // padding row
    [0, 0, 0, 0, 0, 0],
  ];

  it('reports the model’s own boxes without re-running NMS', async () => {
    const file = writeModel('e2e', {
      outputDims: [1, rows.length, 6],
      values: rows.flat(),
      metadata: { names: namesMetadata(PPE_NAMES), end2end: 'True' },
    });
    const detector = await createDetector({ path: file });
    expect(summary((await detector.detect(FRAME)).detections)).toEqual([
      { className: 'head', role: 'no-helmet', classId: 1, score: 0.95, box: BOX_A_SOURCE },
      { className: 'head', role: 'no-helmet', classId: 1, score: 0.5, box: [164, 144, 244, 264] },
      { className: 'safety-jacket', role: 'vest', classId: 2, score: 0.3, box: [360, 280, 440, 360] },
    ]);
    await detector.close();
  });
});

describe('model variants', () => {
  const rows = [[100, 140, 40, 60, 0.9, 0.0]];

  it('without class names, infers the classes from the shape; they can be mapped in the config', async () => {
    // Eight candidates (more than the 6 attributes), so [1,6,8] can only be YOLOv8 with 2 classes.
    const padded = [...rows, ...Array.from({ length: 7 }, () => [0, 0, 0, 0, 0, 0])];
    const file = writeModel('no-names', { outputDims: [1, 6, 8], values: yolov8Values(padded) });
    const { log, lines } = captureLog();
    const unmapped = await createDetector({ path: file }, log);
    expect(unmapped.classNames).toEqual(['class0', 'class1']);
    expect(unmapped.roles).toEqual(['ignore', 'ignore']);
    expect((await unmapped.detect(FRAME)).detections).toEqual([]);
    expect(lines.some((l) => l.level === 'warn' && /no class names/.test(l.msg ?? ''))).toBe(true);
    const ignored = lines.filter((l) => /ignored/.test(l.msg ?? ''));
    expect(ignored).toHaveLength(1);
    expect(ignored[0].obj).toMatchObject({ classes: ['class0', 'class1'] });
    await unmapped.close();

    const mapped = await createDetector({ path: file, classes: { class0: { role: 'helmet' } } });
    expect(summary((await mapped.detect(FRAME)).detections)).toEqual([
      { className: 'class0', role: 'helmet', classId: 0, score: 0.9, box: BOX_A_SOURCE },
    ]);
    await mapped.close();
  });

  it('runs a float16 model (half input and output)', async () => {
    const file = writeModel('fp16', {
      outputDims: [1, 6, 1],
      values: yolov8Values(rows),
      half: true,
      metadata: { names: namesMetadata(['hardhat', 'vest']) },
    });
    const detector = await createDetector({ path: file });
    const [d] = (await detector.detect(FRAME)).detections;
    expect(d.className).toBe('hardhat');
    expect(d.score).toBeCloseTo(0.9, 3); // 0.9 is not exact in half precision
    expect(d.box).toEqual(BOX_A_SOURCE);
    await detector.close();
  });

  it('sizes a dynamic input from the metadata imgsz, else from the config', async () => {
    // imgsz 256 high × 320 wide: the 640×480 frame is scaled 0.5 → 320×240, padded 8 px top.
    const file = writeModel('dynamic', {
      outputDims: [1, 6, 1],
      values: yolov8Values([[100, 108, 40, 60, 0.9, 0]]),
      inputSize: ['height', 'width'],
      metadata: { names: namesMetadata(['helmet', 'vest']), imgsz: '[256, 320]' },
    });
    const fromMetadata = await createDetector({ path: file });
    expect((await fromMetadata.detect(FRAME)).detections[0].box).toEqual([160, 140, 240, 260]);
    await fromMetadata.close();
    // With inputSize 640 the frame is not scaled (80 px pad top): the same output lands elsewhere,
    // its top clipped to the frame.
    const configured = await createDetector({ path: file, inputSize: 640 });
    expect((await configured.detect(FRAME)).detections[0].box).toEqual([80, 0, 120, 58]);
    await configured.close();
  });

  it('feeds every frame to the model, also when calls overlap', async () => {
    // score = 0.3 + 0.6 × mean(input): 0.3 for a black frame, 0.9 for a white one.
    const file = writeModel('reactive', {
      outputDims: [1, 6, 1],
      values: yolov8Values([[160, 160, 40, 40, 0.3, 0]]),
      mask: yolov8Values([[0, 0, 0, 0, 0.6, 0]]),
      metadata: { names: namesMetadata(['helmet', 'vest']) },
    });
    const detector = await createDetector({ path: file });
    const black = solidFrame(320, 320, [0, 0, 0]);
    const white = solidFrame(320, 320, [255, 255, 255]);
    const results = await Promise.all([detector.detect(white), detector.detect(black), detector.detect(white)]);
    expect(results.map((r) => Number(r.detections[0].score.toFixed(3)))).toEqual([0.9, 0.3, 0.9]);
    await detector.close();
    await expect(detector.detect(white)).rejects.toThrow(/closed/);
  });

  it('merges a secondary model’s detections with their own roles and class ids after the primary’s', async () => {
    const ppe = writeModel('ppe', {
      outputDims: [1, 6, 1],
      values: yolov8Values([[100, 140, 40, 60, 0.0, 0.8]]),
      metadata: { names: namesMetadata(['helmet', 'no_helmet']) },
    });
    const people = writeModel('people', {
      outputDims: [1, 6, 2],
      values: yolov8Values([
        [100, 200, 60, 160, 0.7, 0.0],
        [250, 200, 60, 60, 0.0, 0.9], // a car: ignored
      ]),
      metadata: { names: namesMetadata(['person', 'car']) },
    });
    const detector = await createDetector({ path: ppe, secondary: { path: people, minScore: 0.5 } });
    expect(detector.classNames).toEqual(['helmet', 'no_helmet', 'person', 'car']);
    expect(detector.roles).toEqual(['helmet', 'no-helmet', 'person', 'ignore']);
    expect(detector.hasPersonClass).toBe(true);
    expect(summary((await detector.detect(FRAME)).detections)).toEqual([
      { className: 'no_helmet', role: 'no-helmet', classId: 1, score: 0.8, box: BOX_A_SOURCE },
      { className: 'person', role: 'person', classId: 2, score: 0.7, box: [140, 160, 260, 480] },
    ]);
    await detector.close();
  });

  it('falls back to the CPU when CUDA is asked for but missing, and says so', async () => {
    const file = writeModel('cuda', {
      outputDims: [1, 6, 1],
      values: yolov8Values(rows),
      metadata: { names: namesMetadata(['helmet', 'vest']) },
    });
    const { log, lines } = captureLog();
    const detector = await createDetector({ path: file, executionProvider: 'cuda' }, log);
    expect((await detector.detect(FRAME)).detections.length).toBe(1);
    const loaded = lines.find((l) => l.msg === 'model loaded');
    const provider = (loaded?.obj as { executionProvider: string }).executionProvider;
    if (provider === 'cpu') expect(lines.some((l) => l.level === 'warn' && /CUDA/.test(l.msg ?? ''))).toBe(true);
    await detector.close();
  });
});

describe('models it cannot use', () => {
  it('names the shapes when the output fits no layout', async () => {
    const file = writeModel('bad-shape', {
      outputDims: [1, 9, 5],
      values: new Array(45).fill(0),
      metadata: { names: namesMetadata(PPE_NAMES) },
    });
    await expect(createDetector({ path: file })).rejects.toThrow(
      /bad-shape\.onnx \(input \[1,3,320,320\]\): output "output0": Cannot read model output of shape \[1,9,5\] with 3 class names: expected YOLOv8\/YOLO11 \[1,7,N\] or YOLOv5 \[1,N,8\] or end-to-end \[1,N,6\]/,
    );
  });

  it('names the path of a missing model file', async () => {
    await expect(createDetector({ path: '/nowhere/model.onnx' })).rejects.toThrow(
      'Model file not found: /nowhere/model.onnx',
    );
  });

  it('rejects a frame whose buffer does not match its size', async () => {
    const file = writeModel('frame-check', {
      outputDims: [1, 6, 1],
      values: yolov8Values([[100, 140, 40, 60, 0.9, 0]]),
      metadata: { names: namesMetadata(['helmet', 'vest']) },
    });
    const detector = await createDetector({ path: file });
    await expect(detector.detect({ ...FRAME, height: 481 })).rejects.toThrow(/640x481 RGB24 needs/);
    await detector.close();
  });
});
