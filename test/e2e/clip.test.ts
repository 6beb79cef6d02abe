// The clip of a real capture, end to end: the demo camera plays the sample through ffmpeg and the
// real model, its worker records the stream and cuts a clip per capture, the server stores it and
// the capture detail plays it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaptureJson } from '../../src/server/schemas';
import { hashOf, publishCapture, saveScreenshot, setUpE2E, waitUntil, type E2ESystem } from './support';

const BEFORE = 5;
const AFTER = 5;

describe('clip per capture (real camera worker, browser)', () => {
  let system: E2ESystem;
  let browser: BrowserContext;
  const e2e = setUpE2E(async (started) => {
    system = started;
  });
  beforeAll(async () => {
    browser = await e2e.newBrowser();
  });

  /** The first capture of the demo camera that has its clip, or has said why it has none (not pending). */
  async function firstDemoCapture(): Promise<CaptureJson> {
    return waitUntil(
      async () => {
        const page = (await (await fetch(`${system.url}/api/violations?cameraId=demo&limit=5`)).json()) as {
          items: CaptureJson[];
        };
        return page.items.filter((c) => !c.clipPending).at(-1);
      },
      150_000,
      'a capture of the demo camera',
    );
  }

  it('a capture of the sample has a playable H.264 MP4 of before + after seconds around it, served by range', async () => {
    const capture = await firstDemoCapture();
    expect(capture.clipError).toBeNull();
    expect(capture.clipUrl).toBe(`/api/violations/${capture.id}/clip.mp4`);
    const res = await fetch(`${system.url}${capture.clipUrl}`);
    expect(res.status).toBe(200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-clip-e2e-')), 'clip.mp4');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const probed = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]).toString(),
    ) as { format: { duration: string; format_name: string }; streams: { codec_name: string }[] };
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264']);
    expect(probed.format.format_name).toContain('mp4');
    const seconds = Number(probed.format.duration);
    // Within one segment of before + after: the sample has keyframes up to ~5 s apart.
    expect(seconds).toBeGreaterThan(BEFORE + AFTER - 1);
    expect(seconds).toBeLessThan(BEFORE + AFTER + 5.5);
    // The clip starts before the capture frame (up to `before` earlier: a capture right after the
    // worker started has less recorded ahead of it) and goes on `after` seconds past it.
    expect(capture.clipOffsetSeconds).toBeGreaterThan(0);
    expect(capture.clipOffsetSeconds).toBeLessThan(BEFORE + 5.5);
    expect(seconds - capture.clipOffsetSeconds!).toBeGreaterThan(AFTER - 1);

    const part = await fetch(`${system.url}${capture.clipUrl}`, { headers: { range: 'bytes=0-1023' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(1024);
  });

  it('the capture detail plays the clip from the capture moment, with a download link', async () => {
    const capture = await firstDemoCapture();
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/violations/${encodeURIComponent(capture.id)}`);
    const detail = page.getByTestId('capture-detail');
    await detail.waitFor({ timeout: 30_000 });
    expect(hashOf(page)).toContain(capture.id);
    const video = page.getByTestId('detail-clip');
    await video.waitFor();
    await waitUntil(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 1), 30_000, 'clip metadata');
    // Paused at the capture frame.
    const at = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    expect(at).toBeCloseTo(capture.clipOffsetSeconds!, 0);
    await expect(detail.getByRole('link', { name: 'Download clip' }).getAttribute('href')).resolves.toBe(
      capture.clipUrl,
    );
    // Centred, clear of the review bar kept at the dialog's bottom edge.
    await detail
      .getByRole('link', { name: 'Download clip' })
      .evaluate((link) => link.scrollIntoView({ block: 'center' }));
    await saveScreenshot(page, 'capture-clip.png');
    await video.evaluate((v: HTMLVideoElement) => v.play());
    await waitUntil(
      () => video.evaluate((v: HTMLVideoElement, from: number) => v.currentTime > from + 0.5, at),
      30_000,
      'the clip playing',
    );
  });

  it('an open capture detail says the clip is being prepared, and plays it once it comes, without reload', async () => {
    const time = new Date();
    const id = await publishCapture(system, {
      cameraId: 'dock',
      cameraName: 'Dock',
      location: 'Quay',
      time,
      clip: 'pending',
    });
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/violations/${encodeURIComponent(id)}`);
    const detail = page.getByTestId('capture-detail');
    await detail.waitFor({ timeout: 30_000 });
    await expect(detail.getByTestId('detail-clip-pending').textContent()).resolves.toBe('Clip being prepared…');
    await detail.getByTestId('detail-clip-pending').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'capture-clip-pending.png');

    // The worker's clip event, as it arrives about `after` seconds later: pushed to the open page.
    const demo = await firstDemoCapture();
    const mp4 = Buffer.from(await (await fetch(`${system.url}${demo.clipUrl}`)).arrayBuffer());
    await system.bus.publishClip({ captureId: id, cameraId: 'dock', clip: { mp4, startMs: time.getTime() - 3000 } });
    const video = detail.getByTestId('detail-clip');
    await video.waitFor({ timeout: 15_000 });
    await waitUntil(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 1), 30_000, 'clip metadata');
    expect(await detail.getByTestId('detail-clip-pending').count()).toBe(0);
    await expect(video.evaluate((v: HTMLVideoElement) => v.currentTime)).resolves.toBeCloseTo(3, 0);
  });
});
