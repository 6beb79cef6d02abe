import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseBytes } from '../../src/config/load';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: os.tmpdir(), checkFiles: false });

describe('retention and auth settings', () => {
  it('default to 30 days, a 10 GiB budget, confirmed captures kept, a year of audit trail, 12 h sessions, closed metrics', () => {
    const config = load({});
    expect(config.retention).toEqual({ days: 30, maxBytes: 10 * 1024 ** 3, keepReviewed: true, auditDays: 365 });
    expect(config.auth).toEqual({ sessionHours: 12, trustProxy: false, metricsOpen: false });
  });

  it('take environment overrides, with byte units', () => {
    const config = load({
      RETENTION_DAYS: '7',
      RETENTION_MAX_BYTES: '500M',
      RETENTION_KEEP_REVIEWED: 'false',
      RETENTION_AUDIT_DAYS: '730',
      SESSION_HOURS: '8',
      METRICS_OPEN: '1',
      TRUST_PROXY: 'yes',
      ADMIN_USER: 'root',
      ADMIN_PASSWORD: 'long enough',
    });
    expect(config.retention).toEqual({ days: 7, maxBytes: 500 * 1024 ** 2, keepReviewed: false, auditDays: 730 });
    expect(config.auth).toMatchObject({
      sessionHours: 8,
      metricsOpen: true,
      trustProxy: true,
      adminUser: 'root',
      adminPassword: 'long enough',
    });
    expect(parseBytes('10GiB')).toBe(10 * 1024 ** 3);
    expect(parseBytes('1.5T')).toBe(1.5 * 1024 ** 4);
    expect(parseBytes('12345')).toBe(12345);
    expect(parseBytes('lots')).toBeNaN();
  });

  it('name the setting when a value is wrong, without echoing secrets', () => {
    expect(() => load({ RETENTION_DAYS: '-3' })).toThrow(/retention\.days/);
    expect(() => load({ RETENTION_MAX_BYTES: 'lots' })).toThrow(/retention\.maxBytes/);
    expect(() => load({ RETENTION_AUDIT_DAYS: '0' })).toThrow(/retention\.auditDays/);
    expect(() => load({ METRICS_OPEN: 'maybe' })).toThrow(/auth\.metricsOpen/);
    expect(() => load({ METRICS_TOKEN: 'short-s3cret' })).toThrow(ConfigError);
    try {
      load({ METRICS_TOKEN: 'short-s3cret' });
    } catch (err) {
      expect((err as Error).message).toMatch(/auth\.metricsToken: at least 16 characters/);
      expect((err as Error).message).not.toContain('short-s3cret');
    }
  });
});
