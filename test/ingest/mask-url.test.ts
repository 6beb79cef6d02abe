import { describe, expect, it } from 'vitest';
import { maskUrl } from '../../src/ingest';

describe('maskUrl', () => {
  it('hides user and password of camera URLs', () => {
    expect(maskUrl('rtsp://admin:12345@192.0.2.10:554/Streaming/Channels/101')).toBe(
      'rtsp://***:***@192.0.2.10:554/Streaming/Channels/101',
    );
    expect(maskUrl('rtsps://viewer@cam.example/live')).toBe('rtsps://***@cam.example/live');
    expect(maskUrl('http://user:pa%40ss@192.0.2.11/video.mjpg')).toBe('http://***:***@192.0.2.11/video.mjpg');
  });

  it('hides a password that contains a raw @ or :', () => {
    expect(maskUrl('rtsp://admin:p@ss:w0rd@192.0.2.10/stream')).toBe('rtsp://***:***@192.0.2.10/stream');
  });

  it('hides credentials passed as query parameters', () => {
    expect(maskUrl('http://192.0.2.12/videostream.cgi?user=admin&pwd=secret&rate=0')).toBe(
      'http://192.0.2.12/videostream.cgi?user=***&pwd=***&rate=0',
    );
  });

  it('hides every query value except a few harmless stream selectors, whatever the secret is called', () => {
    expect(maskUrl('https://cams.example/live.m3u8?access_token=t0k&api_key=k3y&sig=s1g&channel=2&Subtype=1')).toBe(
      'https://cams.example/live.m3u8?access_token=***&api_key=***&sig=***&channel=2&Subtype=1',
    );
    expect(maskUrl('rtsp://h/x;session=abc;profile=main')).toBe('rtsp://h/x;session=***;profile=main');
  });

  it('hides a userinfo with spaces, #, or without // after the scheme', () => {
    expect(maskUrl('rtsp://user:my secret@192.0.2.10/s')).toBe('rtsp://***:***@192.0.2.10/s');
    expect(maskUrl('rtsp://admin:se@cr#et@192.0.2.10/s')).toBe('rtsp://***:***@192.0.2.10/s');
    expect(maskUrl('rtsp:user:pw@192.0.2.10/s')).toBe('rtsp:***:***@192.0.2.10/s');
  });

  it('hides a password with a raw /, and keeps an @ of the path', () => {
    expect(maskUrl('rtsp://admin:pa/ss@10.0.0.1/x')).toBe('rtsp://***:***@10.0.0.1/x');
    expect(maskUrl('rtsp://u:p@h/path@x')).toBe('rtsp://***:***@h/path@x');
    expect(maskUrl('rtsp://u:p@h/a: failed, also tried rtsp://10.0.0.2/b')).toBe(
      'rtsp://***:***@h/a: failed, also tried rtsp://10.0.0.2/b',
    );
  });

  it('hides query values with raw spaces and parameters after #, and keeps the message after a URL', () => {
    expect(maskUrl('https://h/a.m3u8?token=my secret&channel=1')).toBe('https://h/a.m3u8?token=***&channel=1');
    expect(maskUrl('https://h/a.m3u8#access_token=abc&stream=main')).toBe(
      'https://h/a.m3u8#access_token=***&stream=main',
    );
    expect(maskUrl('http://h/x?token=my secret: Server returned 401 Unauthorized')).toBe(
      'http://h/x?token=***: Server returned 401 Unauthorized',
    );
  });

  it('leaves URLs without credentials and plain paths alone', () => {
    for (const url of [
      'rtsp://192.0.2.10/stream',
      'https://cams.example/hls/a.m3u8?channel=1&stream=main',
      '/data/demo.mp4',
      '/dev/video0',
      '/srv/media/cam@1/clip.mp4',
      'file:///srv/media/cam@1/clip.mp4',
      'Stream #0:0: Video: h264 (High), yuv420p(progressive), 640x360 [SAR 1:1 DAR 16:9], 25 fps',
    ]) {
      expect(maskUrl(url)).toBe(url);
    }
  });

  it('masks every URL inside an ffmpeg message', () => {
    expect(maskUrl('rtsp://u:secret@10.1.1.1/a: Connection refused (also tried rtsp://u:secret@10.1.1.2/a)')).toBe(
      'rtsp://***:***@10.1.1.1/a: Connection refused (also tried rtsp://***:***@10.1.1.2/a)',
    );
  });
});
