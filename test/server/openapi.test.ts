import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startApi, type TestSystem } from '../api/helpers';

describe('the OpenAPI document at /api/docs', () => {
  let system: TestSystem;
  let doc: any;

  beforeAll(async () => {
    system = await startApi();
    doc = (await new Client(system.url).get('/api/docs')).json;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('describes every route with its method, access and inputs', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, { 'x-access': string }>>).flatMap(
      ([p, ops]) => Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${p} ${op['x-access']}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health public',
        'GET /ready public',
        'GET /metrics metrics',
        'POST /api/auth/login public',
        'POST /api/auth/logout public',
        'GET /api/auth/me public',
        'GET /api/cameras viewer',
        'POST /api/cameras admin',
        'POST /api/cameras/probe admin',
        'GET /api/cameras/{id} viewer',
        'PUT /api/cameras/{id} admin',
        'PATCH /api/cameras/{id} admin',
        'DELETE /api/cameras/{id} admin',
        'GET /api/cameras/{id}/snapshot.jpg viewer',
        'GET /api/cameras/{id}/live.mjpeg viewer',
        'GET /api/violations viewer',
        'GET /api/violations.csv viewer',
        'GET /api/violations/{id} viewer',
        'GET /api/violations/{id}/clip.mp4 viewer',
        'GET /api/violations/{id}/crop.jpg viewer',
        'GET /api/violations/{id}/frame.jpg viewer',
        'POST /api/violations/{id}/review viewer',
        'DELETE /api/violations/{id} admin',
        'GET /api/stats viewer',
        'GET /api/ppe/items viewer',
        'GET /api/events viewer',
        'GET /api/alerts/channels admin',
        'POST /api/alerts/channels admin',
        'PUT /api/alerts/channels/{id} admin',
        'DELETE /api/alerts/channels/{id} admin',
        'POST /api/alerts/channels/{id}/test admin',
        'GET /api/alerts/rules admin',
        'POST /api/alerts/rules admin',
        'PUT /api/alerts/rules/{id} admin',
        'DELETE /api/alerts/rules/{id} admin',
        'GET /api/violations/{id}/deliveries viewer',
        'GET /api/audit admin',
        'GET /api/audit.csv admin',
        'GET /api/settings/retention admin',
        'PUT /api/settings/retention admin',
        'GET /api/docs viewer',
      ].sort(),
    );
    const list = doc.paths['/api/violations'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      'cameraId',
      'kind',
      'zone',
      'status',
      'from',
      'to',
      'before',
      'limit',
    ]);
    expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({
      type: 'integer',
      maximum: 200,
      default: 50,
    });
    // Kinds are strings of the catalogue (no-<item>), not a closed list.
    expect(list.parameters.find((p: { name: string }) => p.name === 'kind').schema).toMatchObject({
      type: 'string',
      pattern: '^no-[\\s\\S]{0,}$',
    });
    const review = doc.paths['/api/violations/{id}/review'].post;
    expect(review.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ReviewRequest',
    });
    expect(Object.keys(review.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409']);
  });

  it('names its schemas, and every reference resolves', () => {
    const schemas = doc.components.schemas;
    for (const name of [
      'Camera',
      'CameraInput',
      'CameraPatch',
      'Capture',
      'CaptureDetail',
      'CapturePage',
      'Stats',
      'PpeItems',
      'PpeItem',
      'Me',
      'Error',
      'LoginRequest',
      'ProbeRequest',
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
    expect(schemas.Camera.properties.url.description).toMatch(/masked/);
    expect(schemas.CameraInput.required).toEqual(['id', 'name', 'url']);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.match(/#\/components\/schemas\/(.+)"/)?.[1];
      expect(name && schemas[name], ref).toBeTruthy();
    }
  });
});
