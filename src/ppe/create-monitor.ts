// The monitor that fits a model: person mode when it detects whole people, else head/torso mode.
import type { Tracker } from '../track';
import type { PpeConfig } from './config';
import { HeadTorsoMonitor } from './head-torso-monitor';
import type { MonitorOptions, ViolationMonitor } from './monitor';
import { PersonMonitor } from './person-monitor';

/** `newTracker` makes each tracker the monitor needs: one for people, or one each for heads and torsos. */
export function createViolationMonitor<F>(
  cfg: PpeConfig,
  hasPersonClass: boolean,
  newTracker: () => Tracker,
  opts: MonitorOptions<F>,
): ViolationMonitor<F> {
  return hasPersonClass
    ? new PersonMonitor(cfg, newTracker(), opts)
    : new HeadTorsoMonitor(cfg, { heads: newTracker(), torsos: newTracker() }, opts);
}
