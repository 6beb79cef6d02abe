// Minimum-cost assignment (Hungarian / Kuhn-Munkres with potentials, O(n²m)) for rectangular
// cost matrices, plus the gated matching that trackers use.

/**
 * Optimal assignment of rows to columns minimising the summed cost. Works for any shape:
 * every row gets a column when rows ≤ columns, otherwise every column gets a row.
 * Returns, per row, the assigned column index or -1. Costs must be finite.
 */
export function hungarian(cost: readonly (readonly number[])[]): Int32Array {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0].length;
  const rowToCol = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return rowToCol;
  if (rows <= cols) {
    solve(
      rows,
      cols,
      (r, c) => cost[r][c],
      (r, c) => (rowToCol[r] = c),
    );
  } else {
    // The potentials algorithm needs n ≤ m: solve the transpose.
    solve(
      cols,
      rows,
      (r, c) => cost[c][r],
      (r, c) => (rowToCol[c] = r),
    );
  }
  return rowToCol;
}

function solve(
  n: number,
  m: number,
  at: (row: number, col: number) => number,
  assign: (row: number, col: number) => void,
): void {
  // 1-based arrays; column 0 is the virtual start column of each augmenting search.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row matched to column j (0 = free)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  for (let j = 1; j <= m; j++) if (p[j] !== 0) assign(p[j] - 1, j - 1);
}

export interface Matching {
  /** [row, col] pairs. */
  matches: [number, number][];
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/** Cost given to forbidden pairs so the solver never trades a valid pair for one of them. */
const FORBIDDEN = 1e9;

/**
 * Optimal matching where pairs costing more than `maxCost` are forbidden (left unmatched
 * rather than forced together).
 */
export function matchWithGate(cost: readonly (readonly number[])[], cols: number, maxCost: number): Matching {
  const rows = cost.length;
  const matches: [number, number][] = [];
  const unmatchedRows: number[] = [];
  const colTaken = new Uint8Array(cols);
  if (rows > 0 && cols > 0) {
    const gated = cost.map((row) => row.map((c) => (c > maxCost ? FORBIDDEN : c)));
    const rowToCol = hungarian(gated);
    for (let r = 0; r < rows; r++) {
      const c = rowToCol[r];
      if (c >= 0 && gated[r][c] < FORBIDDEN) {
        matches.push([r, c]);
        colTaken[c] = 1;
      } else {
        unmatchedRows.push(r);
      }
    }
  } else {
    for (let r = 0; r < rows; r++) unmatchedRows.push(r);
  }
  const unmatchedCols: number[] = [];
  for (let c = 0; c < cols; c++) if (!colTaken[c]) unmatchedCols.push(c);
  return { matches, unmatchedRows, unmatchedCols };
}
