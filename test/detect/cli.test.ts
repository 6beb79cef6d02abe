import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { captureConsole } from '../helpers/console';
import { detectCommand } from '../../src/cli/detect';
import { FAST_MODEL_FILE, sharedDir } from '../../src/config/paths';

const media = (name: string) => path.join(sharedDir(), 'media', name);
// CLI plumbing: the fast model (the default, accurate one is ~6× slower per frame).
const fast = ['--model', path.join(sharedDir(), FAST_MODEL_FILE)];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-detect-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const { stdout, stderr } = captureConsole();

describe('cctv detect', () => {
  it('lists what it found in a photo', async () => {
    expect(await detectCommand([media('construction-safety.jpg'), ...fast])).toBe(0);
    const text = stdout.join('\n');
    expect(text).toMatch(/construction-safety\.jpg {2}1024x683 {2}2 detections/);
    expect(text).toMatch(/safety-jacket +vest +0\.\d\d +\[\d+, \d+, \d+, \d+\]/);
    expect(text).toMatch(/helmet +helmet +0\.\d\d/);
    const model = stderr.join('\n');
    expect(model).toMatch(/classes: head→no-helmet, helmet→helmet, no-jacket→no-vest, safety-jacket→vest/);
    expect(model).toMatch(
      /items: helmet \(worn: helmet; missing: head\), vest \(worn: safety-jacket; missing: no-jacket\)/,
    );
    expect(model).toMatch(/ignored: \(none\)/);
  });

  it('prints JSON Lines with --json and per-stage medians with --timings', async () => {
    expect(await detectCommand([media('pictor_0.jpg'), '--json', '--timings', '--min-score', '0.5', ...fast])).toBe(0);
    expect(stdout).toHaveLength(1);
    const result = JSON.parse(stdout[0]);
    expect(result).toMatchObject({ source: media('pictor_0.jpg'), width: 780, height: 579 });
    expect(result.detections.length).toBeGreaterThan(0);
    for (const d of result.detections) {
      expect(d.score).toBeGreaterThanOrEqual(0.5);
      expect(d.box).toHaveLength(4);
    }
    expect(Object.keys(result.timings)).toEqual(['letterboxMs', 'inferenceMs', 'decodeMs']);
    expect(stderr.join('\n')).toMatch(
      /Median ms over 1 picture: letterbox [\d.]+, inference [\d.]+, decode \+ NMS [\d.]+/,
    );
  });

  it('runs the model on the whole photo and on tiles with --tiles, and says what that cost', async () => {
    const photo = media('construction-safety.jpg');
    expect(await detectCommand([photo, '--tiles', '2x2', '--json', '--timings', ...fast])).toBe(0);
    const result = JSON.parse(stdout[0]);
    expect(result.passes).toBe(5);
    expect(result.detections.map((d: { role: string }) => d.role)).toEqual(expect.arrayContaining(['helmet', 'vest']));
    expect(stderr.join('\n')).toMatch(
      /summed over 5 model passes per picture: the whole picture and its tiles, --tiles 2x2/,
    );
    expect(await detectCommand([photo, '--tiles', '2by2', ...fast])).toBe(2);
    expect(stderr.join('\n')).toMatch(/--tiles must be off, auto, people or <cols>x<rows>/);
  });

  it('writes an annotated JPEG the size of the photo with --out', async () => {
    const out = path.join(tmp, 'out');
    expect(await detectCommand([media('construction-safety.jpg'), '--out', out, ...fast])).toBe(0);
    const meta = await sharp(path.join(out, 'construction-safety.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1024, 683]);
  });

  it('reads every frame of a video through ffmpeg', async () => {
    const clip = path.join(tmp, 'clip.avi');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      media('factory-helmets-640x360.mp4'),
      '-frames:v',
      '6',
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      '-y',
      clip,
    ]);
    expect(await detectCommand([clip, '--json', ...fast])).toBe(0);
    const frames = stdout.map((line) => JSON.parse(line));
    expect(frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(frames.every((f) => f.width === 640 && f.height === 360 && typeof f.timeSec === 'number')).toBe(true);
  });

  it('explains bad arguments and a missing model', async () => {
    expect(await detectCommand([])).toBe(2);
    expect(stderr.join('\n')).toMatch(/Give exactly one image, folder or video[\s\S]*Usage: cctv detect/);
    expect(await detectCommand([media('pictor_0.jpg'), '--min-score', 'high'])).toBe(2);
    expect(await detectCommand([media('pictor_0.jpg'), '--model', path.join(tmp, 'none.onnx')])).toBe(1);
    expect(stderr.join('\n')).toContain(`Model file not found: ${path.join(tmp, 'none.onnx')}`);
    expect(await detectCommand([path.join(tmp, 'missing.jpg'), ...fast])).toBe(1);
    expect(stderr.join('\n')).toContain('Not found:');
  });
});
