// An alert rule as the form edits it, and the rule the API takes from it. Every condition left empty
// matches all captures, as on the server.

import { browserTimeZone, describeSchedule } from '../../schedule';
import type { AlertRule, AlertRuleSettings, Schedule, ViolationKind } from '../../types';
import { WEEKDAYS } from '../../types';

export interface RuleDraft {
  id: string;
  channels: string[];
  /** None ticked: every camera. */
  cameras: string[];
  /** Zone names, comma separated; empty: anywhere. */
  zones: string;
  /** None ticked: every kind. */
  kinds: ViolationKind[];
  /** In percent, as typed; empty: any confidence. */
  minConfidence: string;
  scheduleOn: boolean;
  schedule: Schedule;
  escalationOn: boolean;
  escalationMinutes: string;
  escalationChannels: string[];
}

const workingHours = (): Schedule => ({
  timeZone: browserTimeZone(),
  windows: [{ days: WEEKDAYS.filter((d) => d !== 'sat' && d !== 'sun'), start: '06:00', end: '18:00' }],
});

export function newRuleDraft(): RuleDraft {
  return {
    id: '',
    channels: [],
    cameras: [],
    zones: '',
    kinds: [],
    minConfidence: '',
    scheduleOn: false,
    schedule: workingHours(),
    escalationOn: false,
    escalationMinutes: '15',
    escalationChannels: [],
  };
}

export function ruleDraft(rule: AlertRule): RuleDraft {
  return {
    id: rule.id,
    channels: [...rule.channels],
    cameras: [...(rule.cameras ?? [])],
    zones: (rule.zones ?? []).join(', '),
    kinds: [...(rule.kinds ?? [])],
    minConfidence: rule.minConfidence === undefined ? '' : String(Math.round(rule.minConfidence * 1000) / 10),
    scheduleOn: rule.schedule !== undefined,
    schedule: rule.schedule ?? workingHours(),
    escalationOn: rule.escalation !== undefined,
    escalationMinutes: String(rule.escalation?.afterMinutes ?? 15),
    escalationChannels: [...(rule.escalation?.channels ?? [])],
  };
}

const list = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

export function ruleSettings(draft: RuleDraft): AlertRuleSettings {
  const zones = draft.zones
    .split(',')
    .map((z) => z.trim())
    .filter(Boolean);
  return {
    id: draft.id.trim(),
    channels: draft.channels,
    cameras: list(draft.cameras),
    zones: list(zones),
    kinds: list(draft.kinds),
    minConfidence: draft.minConfidence.trim() === '' ? undefined : Number(draft.minConfidence) / 100,
    schedule: draft.scheduleOn ? draft.schedule : undefined,
    escalation: draft.escalationOn
      ? { afterMinutes: Number(draft.escalationMinutes), channels: draft.escalationChannels }
      : undefined,
  };
}

/** The rule's conditions in words: "Gate, Yard · no-helmet · ≥ 70% · Mon–Fri 06:00–18:00 (UTC)". */
export function describeRule(rule: AlertRule, cameraName: (id: string) => string): string {
  const parts = [
    rule.cameras ? rule.cameras.map(cameraName).join(', ') : 'every camera',
    rule.zones ? `zone ${rule.zones.join(', ')}` : null,
    rule.kinds ? rule.kinds.join(', ') : 'every kind',
    rule.minConfidence !== undefined ? `≥ ${Math.round(rule.minConfidence * 100)}% confidence` : null,
    rule.schedule ? describeSchedule(rule.schedule) : 'at any time',
  ];
  return parts.filter(Boolean).join(' · ');
}
