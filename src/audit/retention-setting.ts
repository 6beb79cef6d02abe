import type { AuditRetention } from '../capture/retention';
import type { AuditStore } from '../store/audit';
import type { SettingsStore } from '../store/settings';

const KEY = 'retention.auditDays';

/** How long audit entries are kept: set in the dashboard, else the config file's `retention.auditDays`. */
export class AuditRetentionSetting implements AuditRetention {
  constructor(
    private readonly settings: SettingsStore,
    private readonly configDays: number,
    private readonly store: AuditStore,
  ) {}

  days(): number {
    const stored = this.settings.get(KEY);
    return typeof stored === 'number' ? stored : this.configDays;
  }

  source(): 'config' | 'dashboard' {
    return typeof this.settings.get(KEY) === 'number' ? 'dashboard' : 'config';
  }

  setDays(days: number): void {
    this.settings.put(KEY, days);
  }

  purgeOlderThan(cutoffMs: number): number {
    return this.store.purgeOlderThan(cutoffMs);
  }
}
