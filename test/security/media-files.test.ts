// Finding 3: any local path was accepted as a source (ffmpeg renders .nfo text files as pictures,
// opens /dev/zero), and error texts told missing files, folders and refused ports apart.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, SAMPLE_VIDEO, startWithUsers, type TestSystem } from '../api/helpers';
import { closedPort, recordingListener } from './support';

const SECRET_TEXT = 'TOP SECRET NFO CONTENTS';

describe('file sources are video files in the media folders', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-outside-'));
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-media-'));
  let system: TestSystem;
  let admin: Client;

  beforeAll(async () => {
    fs.writeFileSync(path.join(outside, 'secret.nfo'), `${SECRET_TEXT}\n`.repeat(20));
    fs.writeFileSync(path.join(outside, 'secret.mp4'), `${SECRET_TEXT}\n`);
    fs.copyFileSync(SAMPLE_VIDEO, path.join(media, 'clip.mp4'));
    fs.writeFileSync(path.join(media, 'notes.nfo'), `${SECRET_TEXT}\n`);
    fs.writeFileSync(path.join(media, 'text.mp4'), `${SECRET_TEXT}\n`.repeat(20));
    fs.symlinkSync(path.join(outside, 'secret.nfo'), path.join(media, 'link.mp4'));
    system = await startWithUsers({ env: { MEDIA_DIRS: media } });
    admin = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
  });
  afterAll(async () => {
    await system?.close();
  });

  const refusal = async (url: string) => {
    const probe = await admin.post('/api/cameras/probe', { url });
    const create = await admin.post('/api/cameras', { id: 'file-cam', name: 'File', url, enabled: false });
    expect(probe.status, `probe ${url}: ${probe.text}`).toBe(400);
    expect(create.status, `create ${url}: ${create.text}`).toBe(400);
    expect(probe.headers.get('content-type')).toMatch(/^application\/json/);
    expect(create.json.error).toBe(probe.json.error);
    return probe.json.error as string;
  };

  it('shows nothing of a text file outside the media folders, and gives one answer for every path there', async () => {
    const answers = new Set<string>();
    for (const url of [
      path.join(outside, 'secret.nfo'),
      path.join(outside, 'secret.mp4'),
      path.join(outside, 'missing.mp4'),
      outside,
      '/etc/passwd',
      `${media}/../${path.basename(outside)}/secret.nfo`,
      `file://${path.join(outside, 'secret.nfo')}`,
      path.join(media, 'link.mp4'), // a symlink out of the folder
    ]) {
      answers.add(await refusal(url));
    }
    expect([...answers]).toEqual([
      `url: video files must be in a media folder (${fs.realpathSync(media)}; setting mediaDirs / MEDIA_DIRS)`,
    ]);
    expect((await admin.get('/api/cameras')).json).toEqual([]);
  });

  it('opens no device but /dev/video<N>', async () => {
    for (const url of ['/dev/zero', '/dev/../etc/passwd', '/dev/null', '/dev/video0/../../etc/passwd']) {
      expect(await refusal(url)).toBe('url: only video capture devices (/dev/video<N>) can be used');
    }
  });

  it('refuses files in a media folder that are not video, by extension and by what ffprobe finds', async () => {
    expect(await refusal(path.join(media, 'notes.nfo'))).toMatch(/^url: not a video file; use one of \.mp4 /);
    expect(await refusal(path.join(media, 'text.mp4'))).toBe('url: not a video file');
    expect(await refusal(path.join(media, 'missing.mp4'))).toBe(
      `url: video file not found: ${path.join(media, 'missing.mp4')}`,
    );
    expect(system.logs()).toMatch(/"msg":"source refused"/);
  });

  it('plays a video file in a media folder', async () => {
    const probe = await admin.post('/api/cameras/probe', { url: path.join(media, 'clip.mp4') });
    expect(probe.status, probe.text).toBe(200);
    expect(probe.headers.get('content-type')).toBe('image/jpeg');
    const created = await admin.post('/api/cameras', {
      id: 'clip',
      name: 'Clip',
      url: path.join(media, 'clip.mp4'),
      enabled: false,
    });
    expect(created.status, created.text).toBe(201);
  });

  it('tells users one of a few reasons when a source fails; the detail goes to the log', async () => {
    const listener = await recordingListener(); // answers 401
    const notFound = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
    const notFoundPort = (notFound.address() as { port: number }).port;
    try {
      const cases: Array<[string, string]> = [
        [`rtsp://127.0.0.1:${await closedPort()}/stream`, 'url: the source could not be reached'],
        [`http://127.0.0.1:${notFoundPort}/video.mjpg`, 'url: the source could not be reached'],
        [`http://user:pw@127.0.0.1:${listener.port}/video.mjpg`, 'url: the source refused the user name or password'],
      ];
      for (const [url, error] of cases) {
        const res = await admin.post('/api/cameras/probe', { url });
        expect(res.status, res.text).toBe(422);
        expect(res.json).toEqual({ error });
      }
      expect(system.logs()).toMatch(/"msg":"probe failed"/);
      expect(system.logs()).toMatch(/Connection refused/);
      expect(system.logs()).toMatch(/404/);
    } finally {
      await listener.close();
      notFound.close();
    }
  });
});

describe('the default media folder', () => {
  it("is the demo's: its clip plays, a file elsewhere is refused", async () => {
    const system = await startWithUsers();
    try {
      const admin = new Client(system.url);
      await admin.login(ADMIN.name, ADMIN.password);
      expect(system.config.mediaDirs.map((d) => fs.realpathSync(d))).toContain(
        fs.realpathSync(path.dirname(SAMPLE_VIDEO)),
      );
      expect((await admin.post('/api/cameras/probe', { url: SAMPLE_VIDEO })).status).toBe(200);
      const nfo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-outside-')), 'readme.nfo');
      fs.writeFileSync(nfo, SECRET_TEXT);
      const res = await admin.post('/api/cameras/probe', { url: nfo });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/^url: video files must be in a media folder/);
    } finally {
      await system.close();
    }
  });
});
