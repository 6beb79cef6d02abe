import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Schema changes in order; the database's user_version says how many have run. */
const MIGRATIONS: string[] = [
  `CREATE TABLE captures (
     id          TEXT PRIMARY KEY,
     time        TEXT NOT NULL,
     time_ms     INTEGER NOT NULL,
     camera_id   TEXT NOT NULL,
     camera_name TEXT NOT NULL,
     location    TEXT NOT NULL,
     track_id    INTEGER NOT NULL,
     kinds       TEXT NOT NULL,
     confidence  REAL NOT NULL,
     box         TEXT NOT NULL,
     zone        TEXT,
     crop_path   TEXT NOT NULL,
     frame_path  TEXT NOT NULL,
     status      TEXT NOT NULL DEFAULT 'new',
     reviewer    TEXT,
     reviewed_at TEXT,
     note        TEXT
   );
   CREATE INDEX captures_newest ON captures (time_ms DESC, id DESC);
   CREATE INDEX captures_camera_newest ON captures (camera_id, time_ms DESC, id DESC);`,

  // Cameras live in the database once they are editable through the API. seeded_cameras remembers
  // which config-file cameras were copied in, so one deleted through the API stays deleted.
  `CREATE TABLE cameras (
     id         TEXT PRIMARY KEY,
     position   INTEGER NOT NULL,
     config     TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE seeded_cameras (
     id        TEXT PRIMARY KEY,
     seeded_at TEXT NOT NULL
   );`,

  // Users and sessions. Passwords are scrypt hashes; session tokens are stored as SHA-256 hashes.
  `CREATE TABLE users (
     id            INTEGER PRIMARY KEY,
     name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
     role          TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
     password_hash TEXT NOT NULL,
     created_at    TEXT NOT NULL,
     updated_at    TEXT NOT NULL
   );
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY,
     user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_user ON sessions (user_id);`,

  // Review history, file sizes (retention budget) and filter indexes.
  `ALTER TABLE captures ADD COLUMN bytes INTEGER;
   CREATE TABLE capture_reviews (
     id          INTEGER PRIMARY KEY,
     capture_id  TEXT NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
     from_status TEXT NOT NULL,
     status      TEXT NOT NULL,
     reviewer    TEXT NOT NULL,
     at          TEXT NOT NULL,
     note        TEXT
   );
   CREATE INDEX capture_reviews_capture ON capture_reviews (capture_id, id);
   CREATE INDEX captures_status_oldest ON captures (status, time_ms);`,

  // People judged per camera per UTC hour: the base of the compliance rate. Workers report a
  // cumulative count that restarts with the worker, so the server adds up the deltas here.
  `CREATE TABLE people_judged (
     camera_id TEXT NOT NULL,
     hour_ms   INTEGER NOT NULL,
     count     INTEGER NOT NULL,
     PRIMARY KEY (camera_id, hour_ms)
   ) WITHOUT ROWID;`,

  // Of the people judged, those with a confirmed violation, counted by the workers the same way,
  // so the compliance rate compares like with like (a person with two kinds counts once).
  `ALTER TABLE people_judged ADD COLUMN violating INTEGER NOT NULL DEFAULT 0;`,

  // Alerts to deliver: one row per capture per channel, written right after the capture row and
  // kept until delivered or given up, so a restart loses none. Escalations wait until their time
  // and are dropped once the capture is reviewed; summaries (after a rate limit) have no capture.
  `CREATE TABLE alert_outbox (
     id           INTEGER PRIMARY KEY,
     capture_id   TEXT REFERENCES captures (id) ON DELETE CASCADE,
     channel_id   TEXT NOT NULL,
     kind         TEXT NOT NULL CHECK (kind IN ('capture', 'escalation', 'summary')),
     state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed', 'suppressed')),
     attempts     INTEGER NOT NULL DEFAULT 0,
     created_ms   INTEGER NOT NULL,
     next_ms      INTEGER NOT NULL,
     done_ms      INTEGER,
     last_error   TEXT,
     summarized   INTEGER NOT NULL DEFAULT 0,
     UNIQUE (capture_id, channel_id)
   );
   CREATE INDEX alert_outbox_due ON alert_outbox (state, next_ms);
   CREATE INDEX alert_outbox_channel_done ON alert_outbox (channel_id, state, done_ms);`,

  // Alert channels and rules added through the API (those of the config file stay in the file).
  `CREATE TABLE alert_channels (
     id         TEXT PRIMARY KEY,
     config     TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE alert_rules (
     id         TEXT PRIMARY KEY,
     config     TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,

  // Video clips of captures (issue 19): the file, when it starts (the player seeks to the capture
  // from there), its size, or why the capture has none; pending while the worker still records the
  // seconds after the capture (the clip follows the row). clip_bytes is part of bytes too.
  `ALTER TABLE captures ADD COLUMN clip_path TEXT;
   ALTER TABLE captures ADD COLUMN clip_start_ms INTEGER;
   ALTER TABLE captures ADD COLUMN clip_bytes INTEGER;
   ALTER TABLE captures ADD COLUMN clip_error TEXT;
   ALTER TABLE captures ADD COLUMN clip_pending INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX captures_clip_oldest ON captures (time_ms) WHERE clip_path IS NOT NULL;
   CREATE INDEX captures_clip_pending ON captures (camera_id, time_ms) WHERE clip_pending = 1;`,
  // The audit trail: who read, exported, reviewed or deleted which captures (src/audit). No foreign
  // key to captures: an entry outlives its capture. A listing's shown captures go to their own table,
  // so "who saw this capture" finds the listings too. Settings changed in the dashboard (key → JSON).
  `CREATE TABLE audit_entries (
     id            INTEGER PRIMARY KEY,
     at_ms         INTEGER NOT NULL,
     user_name     TEXT NOT NULL,
     user_role     TEXT NOT NULL,
     action        TEXT NOT NULL,
     capture_id    TEXT,
     camera_id     TEXT,
     capture_count INTEGER,
     address       TEXT NOT NULL,
     user_agent    TEXT,
     details       TEXT
   );
   CREATE INDEX audit_entries_time ON audit_entries (at_ms);
   CREATE INDEX audit_entries_capture ON audit_entries (capture_id) WHERE capture_id IS NOT NULL;
   CREATE TABLE audit_listed_captures (
     entry_id   INTEGER NOT NULL REFERENCES audit_entries (id) ON DELETE CASCADE,
     capture_id TEXT NOT NULL,
     PRIMARY KEY (entry_id, capture_id)
   ) WITHOUT ROWID;
   CREATE INDEX audit_listed_captures_capture ON audit_listed_captures (capture_id);
   CREATE TABLE settings (
     key        TEXT PRIMARY KEY,
     value      TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
];

export type Db = Database.Database;

/** The database of a storage folder (`storage.dir`). */
export function databaseFile(storageDir: string): string {
  return path.join(storageDir, 'cctv.sqlite');
}

/**
 * The database holds camera URLs with their passwords: its folder (the data folder, with the
 * captures) is made 0700 at every open, so one an older version left 0755 is tightened too, and the
 * database and its -wal/-shm files are 0600 whatever the umask (also when opened by the CLI).
 */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // SQLite gives -wal and -shm the database's mode; files left by an older version are tightened.
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const done = db.pragma('user_version', { simple: true }) as number;
  for (let version = done; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
