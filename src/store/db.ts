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
];

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
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
