// `cctv replay --labels` on the sample clips labelled by eye (test/fixtures/episodes): the
// figures a safety officer cares about, at the levels the accurate model really reaches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureConsole } from '../helpers/console';
import { replayCommand } from '../../src/cli/replay';
import { sharedDir } from '../../src/config/paths';

const media = (name: string) => path.join(sharedDir(), 'media', name);
const model = (name: string) => path.join(sharedDir(), 'models', name);
const ACCURATE_MODEL = model('construction-ppe-yolov8n-640-int8.onnx');
const FAST_MODEL = model('ppe-helmet-vest-yolov8n-320-int8.onnx');
const labels = path.join(import.meta.dirname, '..', 'fixtures', 'episodes');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-replay-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  for (const file of [ACCURATE_MODEL, FAST_MODEL, media('stock-two-workers-no-vests-portrait.webm')]) {
    if (!fs.existsSync(file))
      throw new Error(`replay tests need ${file} (set SHARED_DIR to the folder with models/ and media/)`);
  }
});

const { stdout, stderr } = captureConsole();

/** The scored row of one kind from the printed table: episodes, once, missed, repeated, duplicates, false. */
function scoreRow(text: string, title: string, kind: string): number[] {
  const block = text.slice(text.indexOf(title));
  const row = new RegExp(`^${kind} +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) `, 'm').exec(block);
  if (!row) throw new Error(`no ${kind} row under "${title}" in:\n${text}`);
  return row.slice(1).map(Number);
}

/** Replays run the whole 640 pipeline on minutes of video: far longer than a unit test on a loaded machine. */
const REPLAY_TIMEOUT_MS = 900_000;

describe('cctv replay on labelled footage', () => {
  it(
    'captures violating people once with the accurate model, and nobody compliant beside them',
    async () => {
      const clips = [
        'stock-two-workers-one-without-vest-720p.mp4',
        'stock-three-workers-one-without-vest-720p.mp4',
        'stock-two-workers-no-vests-portrait.webm',
      ];
      const out = path.join(tmp, 'violations');
      const written: string[] = []; // each run starts captures.jsonl afresh
      for (const clip of clips) {
        expect(await replayCommand([media(clip), '--labels', labels, '--model', ACCURATE_MODEL, '--out', out])).toBe(0);
        written.push(...fs.readFileSync(path.join(out, 'captures.jsonl'), 'utf8').split('\n').filter(Boolean));
      }
      const text = stdout.join('\n');
      console.info(text);
      // Columns: episodes, once, missed, repeated, duplicates, false.
      expect(scoreRow(text, clips[0], 'no-vest')).toEqual([1, 1, 0, 0, 0, 0]);
      expect(scoreRow(text, clips[2], 'no-vest')).toEqual([2, 2, 0, 0, 0, 0]);
      // The man seen from behind is a weak no-vest (score 0.42-0.47): captured in 2 of the 6 phases
      // a 5 fps camera can take this 30 fps clip in, not in the one replay takes (docs/quality.md).
      const [, once, missed, , duplicates, falseVest] = scoreRow(text, clips[1], 'no-vest');
      expect(once + missed).toBe(1);
      expect([duplicates, falseVest]).toEqual([0, 0]);
      // The compliant woman (white helmet, vest) is never captured for a missing helmet.
      expect(text).not.toMatch(/^no-helmet/m);
      // Every capture written: its crop and frame, and a line in captures.jsonl.
      const printed = [...text.matchAll(/, (\d+) capture\(s\)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(written).toHaveLength(printed);
      for (const line of written) {
        const capture = JSON.parse(line);
        expect(fs.readFileSync(path.join(out, capture.crop)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
        expect(fs.statSync(path.join(out, capture.frame)).size).toBeGreaterThan(10_000);
      }
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'keeps false captures in a crowd of compliant workers at today’s level or below',
    async () => {
      const clip = 'toolbox-talk-all-compliant-portrait.mp4';
      expect(await replayCommand([media(clip), '--labels', labels, '--model', ACCURATE_MODEL])).toBe(0);
      const text = stdout.join('\n');
      console.info(text);
      // 20+ seated workers, all in helmets and vests: measured 3 false no-vest captures (docs/quality.md).
      const [, , , , , falseVest] = scoreRow(text, clip, 'no-vest');
      expect(falseVest).toBeLessThanOrEqual(3);
      expect(text).not.toMatch(/^no-helmet +\d+ +\d+ +\d+ +\d+ +\d+ +[1-9]/m);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'captures the bare-headed man of the factory promo, and no one twice or falsely',
    async () => {
      const clip = 'factory-helmets-640x360.mp4';
      expect(await replayCommand([media(clip), '--labels', labels, '--model', ACCURATE_MODEL])).toBe(0);
      const text = stdout.join('\n');
      console.info(text);
      // Labelled per shot (a cut is a change of camera): the one bare-headed man in 3 shots, 21
      // torsos without a hi-vis vest in 16 shots. Measured: his first shot captured with both kinds,
      // 6 of the 21 no-vest episodes, nothing twice, nothing false (docs/quality.md).
      const [helmetEpisodes, helmetOnce, , , helmetDuplicates, falseHelmet] = scoreRow(text, clip, 'no-helmet');
      expect(helmetEpisodes).toBe(3);
      expect(helmetOnce).toBeGreaterThanOrEqual(1);
      expect([helmetDuplicates, falseHelmet]).toEqual([0, 0]);
      const [vestEpisodes, vestOnce, , , vestDuplicates, falseVest] = scoreRow(text, clip, 'no-vest');
      expect(vestEpisodes).toBe(21);
      expect(vestOnce).toBeGreaterThanOrEqual(6);
      expect([vestDuplicates, falseVest]).toEqual([0, 0]);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'prints one JSON line per capture and nothing else with --json, the same on every run',
    async () => {
      const args = [media('stock-three-workers-one-without-vest-720p.mp4'), '--json', '--model', FAST_MODEL];
      expect(await replayCommand(args)).toBe(0);
      const first = [...stdout];
      expect(first.length).toBeGreaterThan(0);
      for (const line of first) {
        const capture = JSON.parse(line);
        expect(Object.keys(capture).sort()).toEqual(['box', 'kinds', 'offset', 'score', 'trackId']);
        expect(capture.offset).toBeGreaterThan(0);
        expect(capture.offset).toBeLessThan(11.7);
      }
      stdout.length = 0;
      expect(await replayCommand(args)).toBe(0);
      expect(stdout).toEqual(first);
    },
    REPLAY_TIMEOUT_MS,
  );

  it('refuses a labels file with a bad field, naming it', async () => {
    const bad = path.join(tmp, 'bad-labels.json');
    fs.writeFileSync(bad, JSON.stringify({ file: 'x.mp4', episodes: [{ from: 3, to: 1, kinds: ['no-vest'] }] }));
    expect(await replayCommand([media('stock-two-workers-one-without-vest-720p.mp4'), '--labels', bad])).toBe(2);
    expect(stderr.join('\n')).toMatch(/bad-labels\.json: episodes\.0\.to: to must be after from/);
  });
});
