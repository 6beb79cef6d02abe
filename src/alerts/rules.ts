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

/** The channels a capture goes to: every matching rule's, each once, only enabled ones. */
export function channelsFor(
  capture: CaptureRecord,
  rules: readonly RuleConfig[],
  enabled: ReadonlySet<string>,
  at = new Date(capture.time),
): string[] {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (!ruleMatches(rule, capture, at)) continue;
    for (const id of rule.channels) if (enabled.has(id)) ids.add(id);
  }
  return [...ids];
}
