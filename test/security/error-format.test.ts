// Finding 8: a request Node's HTTP parser refused got Fastify's own error object, and a body with
// `__proto__` was reported as "not valid JSON". Every error is `{ "error": "field: reason" }`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, startWithUsers, type TestSystem } from '../api/helpers';
import { rawExchange, rawJson } from './support';

describe('every error is { error: "field: reason" }', () => {
  let system: TestSystem;
  let admin: Client;
  beforeAll(async () => {
    system = await startWithUsers();
    admin = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('for requests the HTTP parser refuses', async () => {
    const body = '{"username":"a","password":"b"}';
    const requests = [
      // A body longer than its Content-Length: the rest reads as a broken next request.
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`,
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n${body}`,
      'GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n',
      'NOT A REQUEST\r\n\r\n',
    ];
    for (const text of requests) {
      const response = await rawExchange(system.url, text);
      expect(response).toMatch(/^HTTP\/1\.1 400 /);
      expect(response).toMatch(/\r\nContent-Type: application\/json/i);
      expect(rawJson(response.slice(response.lastIndexOf('HTTP/1.1 400')))).toEqual({
        error: 'request: not a valid HTTP request',
      });
    }
  });

  it('for bodies with __proto__ or constructor, and for broken JSON', async () => {
    const send = (body: string) =>
      admin.req('POST', '/api/cameras', { body, headers: { 'content-type': 'application/json' } });
    for (const body of [
      '{"id":"x","name":"X","url":"rtsp://h/s","__proto__":{"admin":true}}',
      '{"id":"x","name":"X","url":"rtsp://h/s","constructor":{"prototype":{"admin":true}}}',
    ]) {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'body: forbidden property name (__proto__ or constructor)' });
    }
    const broken = await send('{"id": "x",');
    expect(broken.status).toBe(400);
    expect(Object.keys(broken.json)).toEqual(['error']);
    expect(broken.json.error).toMatch(/^body: not valid JSON \(.+\)$/);
  });

  it('for every other refusal, in one field', async () => {
    const responses = [
      await admin.req('POST', '/api/cameras', { body: 'x', headers: { 'content-type': 'text/plain' } }),
      await admin.req('POST', '/api/cameras', { body: '', headers: { 'content-type': 'application/json' } }),
      await admin.get('/api/nothing-here'),
      await new Client(system.url).get('/api/cameras'),
      await admin.get('/api/violations?limit=0'),
    ];
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(Object.keys(res.json ?? {}), res.text).toEqual(['error']);
      expect(res.json.error).toMatch(/^[\w.[\]-]+: \S/);
    }
  });
});
