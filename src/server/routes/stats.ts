import type { Db } from '../../store/db';
import { computeStats } from '../../store/stats';
import type { CameraService } from '../cameras';
import type { PpeItemService } from '../ppe-items';
import { badRequest } from '../http';
import { jsonResponse, type ApiRouter } from '../router';
import { statsQuery, statsSchema, type StatsJson } from '../schemas';
import { assertFromBeforeTo, instantMs } from '../time-range';

export interface StatsRouteDeps {
  db: Db;
  cameras: CameraService;
  ppe: PpeItemService;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Counts and the compliance rate over a time range. */
export function registerStatsRoutes(api: ApiRouter, { db, cameras, ppe }: StatsRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/stats',
    tag: 'stats',
    summary: 'Counts per camera, kind (PPE item), status and UTC hour, and the compliance rate',
    description:
      'Range [from, to), default the last 24 h, at most 366 days. False positives are not counted as violations. ' +
      'complianceRate = 1 − peopleViolating / peopleJudged, both counted by the workers (a person with two kinds counts once). ' +
      '`byKind` lists every item of the catalogue.',
    access: 'viewer',
    query: statsQuery,
    responses: { 200: jsonResponse('the statistics', statsSchema) },
    handler: (_req, _reply, { query }): StatsJson => {
      const toMs = instantMs(query.to) ?? Date.now();
      const fromMs = instantMs(query.from) ?? toMs - 24 * HOUR_MS;
      assertFromBeforeTo(fromMs, toMs);
      if (toMs - fromMs > 366 * DAY_MS) throw badRequest('from: the range may span at most 366 days');
      const q = { fromMs, toMs, cameraId: query.cameraId, kinds: ppe.catalogue.kinds };
      return computeStats(db, q, cameras.names());
    },
  });
}
