import { isDetectionTime } from '../schedule/schedule';
import type { CaptureRecord } from '../store/captures';
import type { RuleConfig } from './config';

/** Does `rule` take this capture? Conditions left out match everything. */
export function ruleMatches(rule: RuleConfig, capture: CaptureRecord, at: Date): boolean {
  if (rule.cameras && !rule.cameras.includes(capture.cameraId)) return false;
  if (rule.zones && !(capture.zone && rule.zones.includes(capture.zone))) return false;
  if (rule.kinds && !capture.kinds.some((k) => rule.kinds!.includes(k))) return false;
  if (rule.minConfidence !== undefined && capture.confidence < rule.minConfidence) return false;
  if (rule.schedule && !isDetectionTime(rule.schedule, at)) return false;
  return true;
}

export interface Routing {
  /** Channels alerted at once: every matching rule's, each once, only enabled ones. */
  now: string[];
  /** Escalations: channel → delay in ms (the shortest when rules differ); never a channel alerted at once. */
  later: Map<string, number>;
}

export function routeCapture(
  capture: CaptureRecord,
  rules: readonly RuleConfig[],
  enabled: ReadonlySet<string>,
  at = new Date(capture.time),
): Routing {
  const now = new Set<string>();
  const later = new Map<string, number>();
  for (const rule of rules) {
    if (!ruleMatches(rule, capture, at)) continue;
    for (const id of rule.channels) if (enabled.has(id)) now.add(id);
    const delay = (rule.escalation?.afterMinutes ?? 0) * 60_000;
    for (const id of rule.escalation?.channels ?? []) {
      if (enabled.has(id)) later.set(id, Math.min(later.get(id) ?? delay, delay));
    }
  }
  for (const id of now) later.delete(id);
  return { now: [...now], later };
}
