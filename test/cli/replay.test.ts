// `cctv replay --camera` takes the camera as the server runs it (the database's copy, written by
// the dashboard, over the config file's), and `--out` starts afresh on each run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replay';
import { cameraConfigSchema } from '../../src/config/schema';
import { CameraStore } from '../../src/store/cameras';
import { databaseFile, openDatabase } from '../../src/store/db';
import { captureConsole } from '../helpers/console';
import { sampleClip, sampleModel } from '../helpers/media';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-replay-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const { stdout, stderr } = captureConsole();

/** 2 s of an empty factory hall, and 3 s of a bare-headed man walking in. */
let emptyHall: string;
let bareHead: string;
beforeAll(() => {
  emptyHall = sampleClip(0, 2);
  bareHead = sampleClip(3.5, 3);
});

/** The frames count of the replay's summary line. */
const framesTaken = (text: string) => Number(/: (\d+) frames \(/.exec(text)?.[1]);

describe('cctv replay --camera', () => {
  const storage = path.join(tmp, 'storage');
  const config = path.join(tmp, 'cctv.config.json');
  const camera = (id: string, fps: number) => cameraConfigSchema.parse({ id, name: id, url: emptyHall, fps });
  let dbBefore: Buffer;

  beforeAll(() => {
    fs.writeFileSync(
      config,
      JSON.stringify({ storage: { dir: storage }, cameras: [camera('gate', 5), camera('dock', 5)] }),
    );
    // As the server leaves it: gate seeded from the file and then edited in the dashboard, yard added there.
    const db = openDatabase(databaseFile(storage));
    const cameras = new CameraStore(db);
    cameras.seed([camera('gate', 5)]);
    cameras.update(camera('gate', 2));
    cameras.insert(camera('yard', 1));
    db.close();
    dbBefore = fs.readFileSync(databaseFile(storage));
  });

  const replay = (id: string) => replayCommand([emptyHall, '--config', config, '--camera', id, '--model', sampleModel]);

  it('takes the database’s copy of a camera edited in the dashboard, not the config file’s', async () => {
    expect(await replay('gate')).toBe(0);
    const text = stdout.join('\n');
    expect(text).toContain(`camera gate: settings from ${databaseFile(storage)}`);
    expect(framesTaken(text)).toBe(4); // 2 s at the edited 2 fps (the file's 5 fps would take 10)
  });

  it('finds a camera added in the dashboard, and takes the file’s copy of one the database lacks', async () => {
    expect(await replay('yard')).toBe(0);
    expect(framesTaken(stdout.join('\n'))).toBe(2);
    stdout.length = 0;
    expect(await replay('dock')).toBe(0);
    expect(stdout.join('\n')).toContain('camera dock: settings from the configuration file');
    expect(framesTaken(stdout.join('\n'))).toBe(10);
  });

  it('leaves the database as it was, and names both places when no camera has the id', async () => {
    expect(await replay('nowhere')).toBe(2);
    expect(stderr.join('\n')).toMatch(
      /no camera "nowhere" in .*cctv\.sqlite or the configuration \(cameras: gate, yard, dock\)/,
    );
    expect(fs.readFileSync(databaseFile(storage)).equals(dbBefore)).toBe(true);
  });
});

describe('cctv replay --out', () => {
  it('starts captures.jsonl and the images afresh on each run, leaving other files be', async () => {
    const out = path.join(tmp, 'out');
    const args = [bareHead, '--model', sampleModel, '--out', out];
    expect(await replayCommand(args)).toBe(0);
    const first = fs.readFileSync(path.join(out, 'captures.jsonl'), 'utf8');
    const lines = first.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    const dir = path.join(out, path.basename(bareHead, '.mp4'));
    const images = fs.readdirSync(dir).sort();
    expect(images).toHaveLength(lines.length * 2);
    // An image a run with other settings left, and a file of the user's.
    fs.writeFileSync(path.join(dir, '009-9.9s-track9-no-vest-crop.jpg'), 'stale');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');

    expect(await replayCommand(args)).toBe(0);
    expect(fs.readFileSync(path.join(out, 'captures.jsonl'), 'utf8')).toBe(first);
    expect(fs.readdirSync(dir).sort()).toEqual([...images, 'notes.txt'].sort());
  });
});
