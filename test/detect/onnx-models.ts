// Tiny ONNX detection models built in the test: the output is a known tensor, so decoding can be
// checked exactly. The input is really consumed — output = values + mean(images) · mask — which
// also lets a test see that every frame reaches the model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { FLOAT, FLOAT16 } = onnx.TensorProto.DataType;
const { INT } = onnx.AttributeProto.AttributeType;

export interface TinyModel {
  /** Output shape, e.g. [1, 7, 5]. */
  outputDims: number[];
  /** Output values, row-major. */
  values: number[];
  /** Added to `values` times the mean of the input tensor; default all zero. */
  mask?: number[];
  /** Input height and width; strings make a dynamic dimension. Default 320 × 320. */
  inputSize?: [number | string, number | string];
  metadata?: Record<string, string>;
  /** float16 input and output, as a half-precision export has. */
  half?: boolean;
}

const dim = (d: number | string) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });

function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map(dim) } } } };
}

export function buildModel(spec: TinyModel): Uint8Array {
  const [h, w] = spec.inputSize ?? [320, 320];
  const type = spec.half ? FLOAT16 : FLOAT;
  const mask = spec.mask ?? spec.values.map(() => 0);
  if (spec.values.length !== spec.outputDims.reduce((a, b) => a * b, 1))
    throw new Error('values do not fill outputDims');
  const node = [
    ...(spec.half
      ? [{ opType: 'Cast', input: ['images'], output: ['images32'], attribute: [{ name: 'to', type: INT, i: FLOAT }] }]
      : []),
    {
      opType: 'ReduceMean',
      input: [spec.half ? 'images32' : 'images'],
      output: ['mean'],
      attribute: [{ name: 'keepdims', type: INT, i: 0 }],
    },
    { opType: 'Mul', input: ['mean', 'mask'], output: ['masked'] },
    { opType: 'Add', input: ['values', 'masked'], output: [spec.half ? 'output32' : 'output0'] },
    ...(spec.half
      ? [
          {
            opType: 'Cast',
            input: ['output32'],
            output: ['output0'],
            attribute: [{ name: 'to', type: INT, i: FLOAT16 }],
          },
        ]
      : []),
  ];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'cctv-detect-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny-detector',
      node,
      initializer: [
        { name: 'values', dataType: FLOAT, dims: spec.outputDims, floatData: spec.values },
        { name: 'mask', dataType: FLOAT, dims: spec.outputDims, floatData: mask },
      ],
      input: [valueInfo('images', type, [1, 3, h, w])],
      output: [valueInfo('output0', type, spec.outputDims)],
    },
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

let tempDir: string | undefined;

/** Writes the model to a temp folder (removed at exit) and returns its path. */
export function writeModel(name: string, spec: TinyModel): string {
  tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-detect-models-'));
  const file = path.join(tempDir, `${name}.onnx`);
  fs.writeFileSync(file, buildModel(spec));
  return file;
}

export function removeModels(): void {
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/** YOLOv8 output [1, 4+C, N] from per-candidate rows [cx, cy, w, h, ...classScores]. */
export function yolov8Values(rows: number[][]): number[] {
  const attrs = rows[0].length;
  return Array.from({ length: attrs * rows.length }, (_, k) => rows[k % rows.length][Math.floor(k / rows.length)]);
}

/** A solid-colour RGB24 frame. */
export function solidFrame(width: number, height: number, rgb: [number, number, number] = [0, 0, 0]) {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width, height, seq: 0, time: 0 };
}

export const namesMetadata = (names: string[]) => `{${names.map((n, i) => `${i}: '${n}'`).join(', ')}}`;
