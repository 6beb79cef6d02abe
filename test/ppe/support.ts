// Shared pieces of the PPE monitor tests: a monitor over test frames, detections and a person's boxes.
import { vi } from 'vitest';
import type { Box, Detection, PpeRole } from '../../src/domain/detection';
import { ppeConfigSchema, trackerConfigOf, type PpeConfigInput } from '../../src/ppe/config';
import type { PpeCatalogue } from '../../src/domain/ppe-items';
import { createViolationMonitor } from '../../src/ppe/create-monitor';
import type { ConfirmedViolation } from '../../src/ppe/monitor';
import { createTracker } from '../../src/track';

export const det = (role: PpeRole, box: Box, score = 0.8): Detection => ({
  box,
  score,
  classId: 0,
  className: role,
  role,
});

export interface TestFrame {
  n: number;
  copy?: boolean;
}
export const SIZE = { width: 1000, height: 500 };

export function monitor(cfg: PpeConfigInput = {}, hasPersonClass = true, catalogue?: PpeCatalogue) {
  const snapshot = vi.fn((f: TestFrame): TestFrame => ({ ...f, copy: true }));
  const ppe = ppeConfigSchema.parse({ tracking: { minHits: 1 }, ...cfg });
  const m = createViolationMonitor<TestFrame>(ppe, hasPersonClass, () => createTracker(trackerConfigOf(ppe)), {
    snapshot,
    catalogue,
  });
  let n = 0;
  const confirmed: ConfirmedViolation<TestFrame>[] = [];
  const step = (dets: Detection[]) => {
    n++;
    const out = m.update({ n }, SIZE, dets, n * 200);
    confirmed.push(...out.confirmed);
    return out;
  };
  return { m, step, confirmed, snapshot };
}

// A person 100 × 300 px, with the places their PPE items sit.
export const P: Box = [100, 100, 200, 400];
export const HEAD: Box = [130, 95, 170, 135];
export const TORSO: Box = [105, 160, 195, 290];
export const person = (score = 0.9) => det('person', P, score);
