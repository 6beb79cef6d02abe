import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAST_MODEL_FILE, sharedDir } from '../../src/config/paths';
import { parseClassNames, parseEnd2End, parseImgsz, readMetadataProps } from '../../src/detect/metadata';
import { buildModel } from './onnx-models';

describe('model metadata', () => {
  it('reads class names, input size and stride of the demo model', () => {
    const props = readMetadataProps(fs.readFileSync(path.join(sharedDir(), FAST_MODEL_FILE)));
    expect(parseClassNames(props.names)).toEqual(['head', 'helmet', 'no-jacket', 'safety-jacket']);
    expect(parseImgsz(props.imgsz)).toEqual({ height: 320, width: 320 });
    expect(props.stride).toBe('32');
    expect(parseEnd2End(props.end2end)).toBe(false);
  });

  it('reads metadata written into a model built here', () => {
    const bytes = buildModel({
      outputDims: [1, 6, 1],
      values: [0, 0, 0, 0, 0, 0],
      metadata: { names: "{0: 'a', 1: 'b'}", imgsz: '640' },
    });
    expect(readMetadataProps(bytes)).toEqual({ names: "{0: 'a', 1: 'b'}", imgsz: '640' });
  });

  it('parses Python dict and list reprs, including quotes inside names', () => {
    expect(parseClassNames("{0: 'Hardhat', 1: 'NO-Safety Vest', 2: \"worker's vest\"}")).toEqual([
      'Hardhat',
      'NO-Safety Vest',
      "worker's vest",
    ]);
    expect(parseClassNames("{1: 'b', 0: 'a'}")).toEqual(['a', 'b']);
    expect(parseClassNames("['helmet', 'head']")).toEqual(['helmet', 'head']);
  });

  it('gives no names for missing, malformed or gapped metadata', () => {
    expect(parseClassNames(undefined)).toBeUndefined();
    expect(parseClassNames('helmet,head')).toBeUndefined();
    expect(parseClassNames("{0: 'a', 2: 'c'}")).toBeUndefined();
  });

  it('parses imgsz and end2end flags', () => {
    expect(parseImgsz('[480, 640]')).toEqual({ height: 480, width: 640 });
    expect(parseImgsz('640')).toEqual({ height: 640, width: 640 });
    expect(parseImgsz(undefined)).toBeUndefined();
    expect(parseEnd2End('True')).toBe(true);
    expect(parseEnd2End(undefined)).toBeUndefined();
  });
});
