import { describe, expect, it } from 'vitest';
import { modelConfigSchema, workerThreads } from '../../src/detect/config';

describe('model config', () => {
  it('fills in the defaults', () => {
    expect(modelConfigSchema.parse({ path: 'model.onnx' })).toEqual({
      path: 'model.onnx',
      minScore: 0.25,
      iou: 0.45,
      layout: 'auto',
      calibrated: true,
      resolveConflicts: true,
      executionProvider: 'cpu',
      graphOptimization: 'all',
      spinWait: false,
    });
  });

  it('accepts class overrides and a secondary model', () => {
    const cfg = modelConfigSchema.parse({
      path: 'ppe.onnx',
      classes: { head: { role: 'no-helmet', minScore: 0.4 }, Mask: { role: 'ignore' } },
      secondary: { path: 'people.onnx', classes: { person: { role: 'person' } } },
      threads: 2,
      executionProvider: 'cuda',
    });
    expect(cfg.classes?.head).toEqual({ role: 'no-helmet', minScore: 0.4 });
    expect(cfg.secondary).toEqual({
      path: 'people.onnx',
      classes: { person: { role: 'person' } },
      layout: 'auto',
      calibrated: true,
    });
  });

  it('names the field of a mistake', () => {
    const issues = (input: unknown) => modelConfigSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({})).toEqual(['path']);
    expect(issues({ path: 'm.onnx', minScore: 2 })).toEqual(['minScore']);
    expect(issues({ path: 'm.onnx', classes: { head: { role: 'Hard Hat' } } })).toEqual(['classes.head.role']);
    // An item's shape is enough here: the app config checks it against the catalogue.
    expect(issues({ path: 'm.onnx', classes: { head: { role: 'no-hairnet' } } })).toBeUndefined();
    expect(issues({ path: 'm.onnx', inputSize: 300 })).toEqual(['inputSize']);
    expect(issues({ path: 'm.onnx', minscore: 0.5 })).toEqual(['']); // unknown key (typo) is rejected
  });
});

describe('onnxruntime threads per camera worker', () => {
  it('leaves a lone camera all the cores, shares them between cameras, and never overrides the config', () => {
    expect(workerThreads(undefined, 8, 1)).toBeUndefined(); // onnxruntime's default: one per core
    expect(workerThreads(undefined, 8, 2)).toBe(4);
    expect(workerThreads(undefined, 8, 3)).toBe(2);
    expect(workerThreads(undefined, 2, 2)).toBe(1);
    expect(workerThreads(undefined, 2, 16)).toBe(1);
    expect(workerThreads(3, 2, 16)).toBe(3);
  });
});
