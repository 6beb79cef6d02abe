import type { Db } from './db';

/** Settings changed in the dashboard, by key (values as JSON). They take precedence over the config file. */
export class SettingsStore {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.putStmt = db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  get(key: string): unknown {
    const row = this.getStmt.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  put(key: string, value: unknown): void {
    this.putStmt.run(key, JSON.stringify(value), new Date().toISOString());
  }
}
