// How the host's engine spreads passes over the cores (bench/results.md, sixth round).
import { describe, expect, it } from 'vitest';
import { engineShape } from '../../src/hosting/engine-host';

describe('engine shape', () => {
  it('runs a pass per core side by side, one thread each, up to four lanes', () => {
    expect(engineShape(undefined, 1)).toEqual({ lanes: 1, threads: undefined });
    expect(engineShape(undefined, 2)).toEqual({ lanes: 2, threads: 1 });
    expect(engineShape(undefined, 8)).toEqual({ lanes: 4, threads: 2 });
  });

  it('gives each lane the threads model.threads sets', () => {
    expect(engineShape(3, 2)).toEqual({ lanes: 2, threads: 3 });
  });
});
