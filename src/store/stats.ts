import type { ViolationKind } from '../domain/detection';
import { REVIEW_STATUSES, type ReviewStatus } from '../domain/review';
import { filterSql } from './captures';
import type { Db } from './db';

const HOUR_MS = 3_600_000;

/**
 * Turns the workers' cumulative "people judged" and "people violating" counters into
 * per-camera, per-hour counts. A worker's counters start at 0 when it (re)starts, so a value
 * below the last one seen means a new worker: its whole value is new.
 */
export class PeopleJudgedRecorder {
  private readonly last = new Map<string, { judged: number; violating: number }>();
  private readonly upsert;

  constructor(db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO people_judged (camera_id, hour_ms, count, violating) VALUES (?, ?, ?, ?)
       ON CONFLICT (camera_id, hour_ms) DO UPDATE SET count = count + excluded.count, violating = violating + excluded.violating`,
    );
  }

  observe(cameraId: string, judged: number, violating = 0, now = Date.now()): void {
    if (!Number.isFinite(judged) || judged < 0 || !Number.isFinite(violating) || violating < 0) return;
    const previous = this.last.get(cameraId);
    this.last.set(cameraId, { judged, violating });
    const restarted = previous === undefined || judged < previous.judged || violating < previous.violating;
    const judgedDelta = restarted ? judged : judged - previous.judged;
    const violatingDelta = restarted ? violating : violating - previous.violating;
    if (judgedDelta > 0 || violatingDelta > 0)
      this.upsert.run(cameraId, Math.floor(now / HOUR_MS) * HOUR_MS, judgedDelta, violatingDelta);
  }

  forget(cameraId: string): void {
    this.last.delete(cameraId);
  }
}

export interface StatsQuery {
  fromMs: number;
  toMs: number;
  cameraId?: string;
  /** Kinds listed in `byKind` even without captures: the catalogue's, in its order. */
  kinds: readonly ViolationKind[];
}

export interface CameraStatsRow {
  cameraId: string;
  cameraName: string | null;
  captures: number;
  peopleJudged: number;
  peopleViolating: number;
  complianceRate: number | null;
}

export interface Stats {
  from: string;
  to: string;
  cameraId: string | null;
  /** Violations: captures in the range, false positives excluded. */
  captures: number;
  falsePositives: number;
  peopleJudged: number;
  /** People judged with a confirmed violation, less captures marked false positive. */
  peopleViolating: number;
  complianceRate: number | null;
  byStatus: Record<ReviewStatus, number>;
  byKind: Record<ViolationKind, number>;
  byCamera: CameraStatsRow[];
  byHour: Array<{ hour: string; captures: number; peopleJudged: number }>;
}

/** 1 − people with a violation / people judged (both as the workers counted them); null when nobody was judged. */
export function complianceRate(violations: number, judged: number): number | null {
  if (judged <= 0) return null;
  return Math.round(Math.max(0, 1 - violations / judged) * 10_000) / 10_000;
}

/**
 * Captures per kind (a capture with two kinds counts for both): `kinds` first, at 0 when none,
 * then kinds found only in older rows (an item since removed from the config) in name order.
 */
function kindCounts(
  db: Db,
  where: string,
  params: Record<string, unknown>,
  kinds: readonly ViolationKind[],
): Record<ViolationKind, number> {
  const found = new Map<ViolationKind, number>();
  // Few distinct kind lists exist (one per combination), so they are split here rather than in SQL.
  for (const r of db
    .prepare(`SELECT kinds, COUNT(*) AS n FROM captures WHERE ${where} GROUP BY kinds`)
    .all(params) as Array<{ kinds: string; n: number }>) {
    for (const kind of r.kinds.split(',') as ViolationKind[]) found.set(kind, (found.get(kind) ?? 0) + r.n);
  }
  const byKind: Record<ViolationKind, number> = {};
  for (const kind of kinds) byKind[kind] = found.get(kind) ?? 0;
  for (const kind of [...found.keys()].sort()) byKind[kind] ??= found.get(kind)!;
  return byKind;
}

interface StatsSql {
  /** Captures in the range; `real` leaves out those a reviewer marked false positive. */
  w: string;
  real: string;
  params: Record<string, unknown>;
  /** People-judged hour buckets overlapping [from, to). */
  judgedWhere: string;
  judgedParams: Record<string, unknown>;
}

function statsSql(q: StatsQuery): StatsSql {
  const { where, params } = filterSql({ cameraId: q.cameraId, fromMs: q.fromMs, toMs: q.toMs });
  const w = where.join(' AND ');
  const judgedParams: Record<string, unknown> = { fromHour: Math.floor(q.fromMs / HOUR_MS) * HOUR_MS, toMs: q.toMs };
  let judgedWhere = 'hour_ms >= @fromHour AND hour_ms < @toMs';
  if (q.cameraId !== undefined) {
    judgedWhere += ' AND camera_id = @cameraId';
    judgedParams.cameraId = q.cameraId;
  }
  return { w, real: `${w} AND status != 'false-positive'`, params, judgedWhere, judgedParams };
}

function cameraRows(db: Db, sql: StatsSql, cameraNames: Map<string, string>): CameraStatsRow[] {
  const { w, real, params, judgedWhere, judgedParams } = sql;
  const cameras = new Map<string, CameraStatsRow>();
  const camera = (id: string) => {
    let row = cameras.get(id);
    if (!row) {
      row = {
        cameraId: id,
        cameraName: cameraNames.get(id) ?? null,
        captures: 0,
        peopleJudged: 0,
        peopleViolating: 0,
        complianceRate: null,
      };
      cameras.set(id, row);
    }
    return row;
  };
  for (const r of db
    .prepare(`SELECT camera_id, max(camera_name) AS name, COUNT(*) AS n FROM captures WHERE ${real} GROUP BY camera_id`)
    .all(params) as Array<{ camera_id: string; name: string; n: number }>) {
    const row = camera(r.camera_id);
    row.captures = r.n;
    row.cameraName ??= r.name;
  }
  for (const r of db
    .prepare(
      `SELECT camera_id, SUM(count) AS n, SUM(violating) AS v FROM people_judged WHERE ${judgedWhere} GROUP BY camera_id`,
    )
    .all(judgedParams) as Array<{ camera_id: string; n: number; v: number }>) {
    camera(r.camera_id).peopleJudged = r.n;
    camera(r.camera_id).peopleViolating = r.v;
  }
  // A capture a reviewer marked false positive was a compliant person after all.
  for (const r of db
    .prepare(
      `SELECT camera_id, COUNT(*) AS n FROM captures WHERE ${w} AND status = 'false-positive' GROUP BY camera_id`,
    )
    .all(params) as Array<{ camera_id: string; n: number }>) {
    const row = camera(r.camera_id);
    row.peopleViolating = Math.max(0, row.peopleViolating - r.n);
  }
  for (const row of cameras.values()) row.complianceRate = complianceRate(row.peopleViolating, row.peopleJudged);
  return [...cameras.values()].sort((a, b) => a.cameraId.localeCompare(b.cameraId));
}

/** Every hour of the range (UTC), zeros included so a chart needs no gap filling. */
function hourBuckets(db: Db, q: StatsQuery, sql: StatsSql): Stats['byHour'] {
  const hours = new Map<number, { captures: number; peopleJudged: number }>();
  const firstHour = Math.floor(q.fromMs / HOUR_MS) * HOUR_MS;
  for (let h = firstHour; h < q.toMs; h += HOUR_MS) hours.set(h, { captures: 0, peopleJudged: 0 });
  for (const r of db
    .prepare(
      `SELECT (time_ms / ${HOUR_MS}) * ${HOUR_MS} AS hour, COUNT(*) AS n FROM captures WHERE ${sql.real} GROUP BY hour`,
    )
    .all(sql.params) as Array<{ hour: number; n: number }>) {
    const bucket = hours.get(r.hour);
    if (bucket) bucket.captures = r.n;
  }
  for (const r of db
    .prepare(`SELECT hour_ms, SUM(count) AS n FROM people_judged WHERE ${sql.judgedWhere} GROUP BY hour_ms`)
    .all(sql.judgedParams) as Array<{ hour_ms: number; n: number }>) {
    const bucket = hours.get(r.hour_ms);
    if (bucket) bucket.peopleJudged = r.n;
  }
  return [...hours].map(([h, v]) => ({ hour: new Date(h).toISOString(), ...v }));
}

/** Counts for the dashboard's statistics: per camera, per kind, per UTC hour, and the compliance rate. */
export function computeStats(db: Db, q: StatsQuery, cameraNames: Map<string, string>): Stats {
  const sql = statsSql(q);
  const byStatus = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
  for (const r of db
    .prepare(`SELECT status, COUNT(*) AS n FROM captures WHERE ${sql.w} GROUP BY status`)
    .all(sql.params) as Array<{ status: ReviewStatus; n: number }>) {
    byStatus[r.status] = r.n;
  }
  const byCamera = cameraRows(db, sql, cameraNames);
  const captures = byCamera.reduce((n, c) => n + c.captures, 0);
  const peopleJudged = byCamera.reduce((n, c) => n + c.peopleJudged, 0);
  const peopleViolating = byCamera.reduce((n, c) => n + c.peopleViolating, 0);
  return {
    from: new Date(q.fromMs).toISOString(),
    to: new Date(q.toMs).toISOString(),
    cameraId: q.cameraId ?? null,
    captures,
    falsePositives: byStatus['false-positive'],
    peopleJudged,
    peopleViolating,
    complianceRate: complianceRate(peopleViolating, peopleJudged),
    byStatus,
    byKind: kindCounts(db, sql.real, sql.params, q.kinds),
    byCamera,
    byHour: hourBuckets(db, q, sql),
  };
}
