import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, OutputDecoder, resolveLayout } from '../../src/detect/decode';
import { yolov8Values } from './onnx-models';

const decoded = (d: OutputDecoder, out: number[]) => {
  const c = d.decode(Float32Array.from(out));
  return Array.from({ length: c.count }, (_, i) => ({
    box: Array.from(c.boxes.subarray(i * 4, i * 4 + 4)),
    score: Number(c.scores[i].toFixed(4)),
    classId: c.classIds[i],
  }));
};

describe('resolveLayout', () => {
  it('reads the demo model output [1,8,2100] with 4 names as YOLOv8', () => {
    expect(resolveLayout([1, 8, 2100], 4)).toEqual({ layout: 'yolov8', numClasses: 4, numCandidates: 2100 });
  });

  it('reads a COCO YOLOv5 output [1,25200,85] as YOLOv5 with 80 classes', () => {
    expect(resolveLayout([1, 25200, 85], 80)).toEqual({ layout: 'yolov5', numClasses: 80, numCandidates: 25200 });
  });

  it('reads [1,300,6] with 80 names as end-to-end', () => {
    expect(resolveLayout([1, 300, 6], 80)).toEqual({ layout: 'end2end', numClasses: 80, numCandidates: 300 });
  });

  it('infers the class count from the shape when the model has no names', () => {
    expect(resolveLayout([1, 84, 8400], undefined)).toEqual({ layout: 'yolov8', numClasses: 80, numCandidates: 8400 });
    expect(resolveLayout([1, 25200, 85], undefined)).toEqual({
      layout: 'yolov5',
      numClasses: 80,
      numCandidates: 25200,
    });
  });

  it('asks for a layout when [1,N,6] could be one-class YOLOv5 or end-to-end', () => {
    expect(() => resolveLayout([1, 300, 6], 1)).toThrow(
      /could be YOLOv5 with one class or end-to-end.*set model.layout/,
    );
    expect(() => resolveLayout([1, 300, 6], undefined)).toThrow(/could be YOLOv5 with one class or end-to-end/);
    expect(resolveLayout([1, 300, 6], 1, { end2end: true }).layout).toBe('end2end');
    expect(resolveLayout([1, 300, 6], 1, { end2end: false }).layout).toBe('yolov5');
    expect(resolveLayout([1, 300, 6], 1, { layout: 'yolov5' }).layout).toBe('yolov5');
  });

  it('needs names for an end-to-end model', () => {
    expect(() => resolveLayout([1, 300, 6], undefined, { end2end: true })).toThrow(/needs class names/);
  });

  it('names the shape and what it expected when nothing fits', () => {
    expect(() => resolveLayout([1, 116, 8400], 80)).toThrow(
      'Cannot read model output of shape [1,116,8400] with 80 class names: expected YOLOv8/YOLO11 [1,84,N] or YOLOv5 [1,N,85] or end-to-end [1,N,6]',
    );
    expect(() => resolveLayout([1, 8, 2100], 4, { layout: 'yolov5' })).toThrow('expected YOLOv5 [1,N,9]');
    expect(() => resolveLayout([8400, 84], 80)).toThrow(
      'Cannot read model output of shape [8400,84]: expected a 3-D output with batch 1',
    );
  });
});

describe('OutputDecoder', () => {
  it('YOLOv8: best class per candidate, boxes from centre and size, per-class thresholds', () => {
    const layout = resolveLayout([1, 6, 3], 2);
    const decoder = new OutputDecoder(layout, Float32Array.from([0.5, 0.25]));
    const out = yolov8Values([
      [50, 50, 20, 10, 0.4, 0.3], // best is class 0 at 0.4 < 0.5: dropped, although class 1 passes its own 0.25
      [50, 50, 20, 10, 0.1, 0.3], // class 1 at 0.3 ≥ 0.25
      [10, 20, 4, 6, 0.9, 0.0],
    ]);
    expect(decoded(decoder, out)).toEqual([
      { box: [40, 45, 60, 55], score: 0.3, classId: 1 },
      { box: [8, 17, 12, 23], score: 0.9, classId: 0 },
    ]);
  });

  it('ignored classes (threshold Infinity) neither appear nor outscore a wanted class', () => {
    const decoder = new OutputDecoder(resolveLayout([1, 6, 1], 2), Float32Array.from([Infinity, 0.25]));
    expect(decoded(decoder, yolov8Values([[50, 50, 20, 10, 0.9, 0.4]]))).toEqual([
      { box: [40, 45, 60, 55], score: 0.4, classId: 1 },
    ]);
  });

  it('YOLOv5: score is objectness × class score', () => {
    const decoder = new OutputDecoder(resolveLayout([1, 2, 7], 2), Float32Array.from([0.25, 0.25]));
    const out = [
      [50, 50, 20, 10, 0.5, 0.2, 0.8], // 0.4, class 1
      [50, 50, 20, 10, 0.2, 1.0, 1.0], // objectness below every threshold
    ].flat();
    expect(decoded(decoder, out)).toEqual([{ box: [40, 45, 60, 55], score: 0.4, classId: 1 }]);
  });

  it('end-to-end: takes boxes as they are and skips padding rows and unknown classes', () => {
    const decoder = new OutputDecoder(resolveLayout([1, 4, 6], 2), Float32Array.from([0.25, 0.25]));
    const out = [
      [1, 2, 3, 4, 0.9, 1],
      [0, 0, 0, 0, 0, 0],
      [5, 6, 7, 8, 0.8, 7], // class 7 does not exist
      [9, 9, 9, 9, NaN, 0],
    ].flat();
    expect(decoded(decoder, out)).toEqual([{ box: [1, 2, 3, 4], score: 0.9, classId: 1 }]);
  });

  it('rejects an output of the wrong size', () => {
    const decoder = new OutputDecoder(resolveLayout([1, 6, 3], 2), Float32Array.from([0.25, 0.25]));
    expect(() => decoder.decode(new Float32Array(17))).toThrow('Model output holds 17 values, expected 18');
  });
});

describe('float16', () => {
  const cases: [number, number][] = [
    [0x3c00, 1],
    [0x3800, 0.5],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x7c00, Infinity],
    [0x0000, 0],
  ];

  it('converts half-precision bits to numbers', () => {
    const out = float16ToFloat32(
      Uint16Array.from(cases, ([h]) => h),
      new Float32Array(cases.length),
    );
    expect(Array.from(out)).toEqual(cases.map(([, v]) => v));
  });

  it('converts numbers to half precision, rounding to nearest', () => {
    const out = float32ToFloat16(
      Float32Array.from(cases, ([, v]) => v),
      new Uint16Array(cases.length),
    );
    expect(Array.from(out)).toEqual(cases.map(([h]) => h));
    // 1 + 2^-11 and 1 + 3·2^-11 lie halfway between two halves: ties go to the even one.
    // 1e6 is beyond the half range (Infinity); 114/255 (the padding grey) is 0x3727.
    expect(
      Array.from(
        float32ToFloat16(Float32Array.from([1 + 2 ** -11, 1 + 3 * 2 ** -11, 1e6, 114 / 255]), new Uint16Array(4)),
      ),
    ).toEqual([0x3c00, 0x3c02, 0x7c00, 0x3727]);
  });

  it('round-trips every pixel value of the input tensor within half-precision accuracy', () => {
    const values = Float32Array.from({ length: 256 }, (_, i) => i / 255);
    const back = float16ToFloat32(float32ToFloat16(values, new Uint16Array(256)), new Float32Array(256));
    back.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThanOrEqual(2 ** -12));
  });
});
