import { describe, expect, it } from 'vitest';
import { hungarian, matchWithGate } from '../../src/track/hungarian';

/** Exhaustive optimum over all injective maps of the smaller side: the reference. */
function bruteForce(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0].length;
  const k = Math.min(rows, cols);
  let best = Infinity;
  const usedCols = new Array<boolean>(cols).fill(false);
  const usedRows = new Array<boolean>(rows).fill(false);
  const rec = (assigned: number, sum: number, fromRow: number): void => {
    if (assigned === k) {
      best = Math.min(best, sum);
      return;
    }
    for (let r = fromRow; r < rows; r++) {
      if (usedRows[r]) continue;
      usedRows[r] = true;
      for (let c = 0; c < cols; c++) {
        if (usedCols[c]) continue;
        usedCols[c] = true;
        rec(assigned + 1, sum + cost[r][c], r + 1);
        usedCols[c] = false;
      }
      usedRows[r] = false;
    }
  };
  rec(0, 0, 0);
  return best;
}

function total(cost: number[][], rowToCol: Int32Array): number {
  let sum = 0;
  rowToCol.forEach((c, r) => {
    if (c >= 0) sum += cost[r][c];
  });
  return sum;
}

describe('hungarian', () => {
  it('solves a known square matrix', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    expect(Array.from(hungarian(cost))).toEqual([1, 0, 2]);
  });

  it('solves a wide matrix (more columns than rows)', () => {
    const cost = [
      [10, 1, 5],
      [1, 10, 5],
    ];
    expect(Array.from(hungarian(cost))).toEqual([1, 0]);
  });

  it('solves a tall matrix (more rows than columns), leaving the costly row out', () => {
    const cost = [
      [1, 10],
      [10, 1],
      [0.5, 0.6],
    ];
    expect(Array.from(hungarian(cost))).toEqual([-1, 1, 0]);
  });

  it('handles empty matrices', () => {
    expect(Array.from(hungarian([]))).toEqual([]);
    expect(Array.from(hungarian([[], []]))).toEqual([-1, -1]);
  });

  it('matches brute force on random rectangular matrices', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + Math.floor(rand() * 5);
      const cols = 1 + Math.floor(rand() * 5);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(rand() * 20)));
      const rowToCol = hungarian(cost);
      const cols2 = Array.from(rowToCol).filter((c) => c >= 0);
      expect(new Set(cols2).size).toBe(cols2.length);
      expect(cols2.length).toBe(Math.min(rows, cols));
      expect(total(cost, rowToCol)).toBeCloseTo(bruteForce(cost), 9);
    }
  });
});

describe('matchWithGate', () => {
  it('leaves pairs above the gate unmatched instead of forcing them', () => {
    // Row 1 fits only column 0, so row 0 yields it and takes its second choice.
    const cost = [
      [0.1, 0.5],
      [0.2, 0.95],
    ];
    const m = matchWithGate(cost, 2, 0.7);
    expect(m.matches).toEqual([
      [0, 1],
      [1, 0],
    ]);
    // Gate 0.3 forbids column 1 for both rows: only one row gets column 0, the cheaper one.
    const strict = matchWithGate(cost, 2, 0.3);
    expect(strict.matches).toEqual([[0, 0]]);
    expect(strict.unmatchedRows).toEqual([1]);
    expect(strict.unmatchedCols).toEqual([1]);
  });

  it('reports everything unmatched when one side is empty', () => {
    expect(matchWithGate([], 3, 1)).toEqual({ matches: [], unmatchedRows: [], unmatchedCols: [0, 1, 2] });
    expect(matchWithGate([[], []], 0, 1)).toEqual({ matches: [], unmatchedRows: [0, 1], unmatchedCols: [] });
  });
});
