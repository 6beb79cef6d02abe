import type { FastifyReply } from 'fastify';
import type { Bus } from '../../bus/types';
import { noSuchCamera, type CameraService } from '../cameras';
import { HttpError } from '../http';
import { MjpegViewer } from '../mjpeg';
import { errorResponse, jpegResponse, jsonResponse, NO_CONTENT, type ApiRouter } from '../router';
import { cameraBody, cameraParams, cameraPatchBody, cameraSchema, probeBody } from '../schemas';

export interface CameraRouteDeps {
  cameras: CameraService;
  bus: Bus;
}

/** Camera settings (list, add, change, delete), URL probes and live pictures. */
export function registerCameraRoutes(api: ApiRouter, deps: CameraRouteDeps): void {
  addCollectionRoutes(api, deps);
  addProbeRoute(api, deps);
  addCameraRoutes(api, deps);
  addPictureRoutes(api, deps);
}

/** A picture of this moment: never cached. */
const sendLiveJpeg = (reply: FastifyReply, jpeg: Buffer) =>
  reply.type('image/jpeg').header('Cache-Control', 'no-store').send(jpeg);

function addCollectionRoutes(api: ApiRouter, { cameras }: CameraRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/cameras',
    tag: 'cameras',
    summary: 'All cameras with their live state',
    access: 'viewer',
    responses: { 200: jsonResponse('cameras in display order', cameraSchema.array()) },
    handler: () => cameras.list(),
  });

  api.route({
    method: 'POST',
    url: '/api/cameras',
    tag: 'cameras',
    summary: 'Add a camera; its worker starts at once',
    access: 'admin',
    body: cameraBody,
    rawBody: true,
    responses: { 201: jsonResponse('the new camera', cameraSchema), 409: errorResponse('the id is taken') },
    handler: async (req, reply) => reply.code(201).send(await cameras.create(req.body)),
  });
}

function addProbeRoute(api: ApiRouter, { cameras }: CameraRouteDeps): void {
  let probes = 0;
  api.route({
    method: 'POST',
    url: '/api/cameras/probe',
    tag: 'cameras',
    summary: 'Grab one picture from a URL (check it before saving a camera)',
    description: 'Waits up to about 10 s. With `cameraId`, masked credentials (***) are taken from that camera.',
    access: 'admin',
    body: probeBody,
    responses: {
      200: jpegResponse('a JPEG picture from the source'),
      422: errorResponse('the source could not be read: `{ error: "url: <one of a few reasons>" }`'),
      429: errorResponse('two probes are running already'),
    },
    handler: async (_req, reply, { body }) => {
      if (probes >= 2)
        throw new HttpError(429, 'probe: two probes are running; try again when they end', { 'Retry-After': '5' });
      probes++;
      try {
        return sendLiveJpeg(reply, await cameras.probe(body));
      } finally {
        probes--;
      }
    },
  });
}

function addCameraRoutes(api: ApiRouter, { cameras }: CameraRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'One camera',
    access: 'viewer',
    params: cameraParams,
    responses: { 200: jsonResponse('the camera', cameraSchema), 404: errorResponse('no such camera') },
    handler: (_req, _reply, { params }) => cameras.get(params.id) ?? Promise.reject(noSuchCamera(params.id)),
  });

  api.route({
    method: 'PUT',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'Replace a camera’s settings (omitted fields take their defaults)',
    description:
      'The object from GET may be sent back as is: status fields are ignored, and a masked URL keeps the stored credentials.',
    access: 'admin',
    params: cameraParams,
    body: cameraBody,
    rawBody: true,
    responses: { 200: jsonResponse('the camera as saved', cameraSchema), 404: errorResponse('no such camera') },
    handler: (req, _reply, { params }) => cameras.replace(params.id, req.body),
  });

  api.route({
    method: 'PATCH',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'Change some settings, e.g. `{ "enabled": false }`',
    description: 'Top-level fields replace the stored ones (nested objects such as ppe are replaced whole).',
    access: 'admin',
    params: cameraParams,
    body: cameraPatchBody,
    rawBody: true,
    responses: { 200: jsonResponse('the camera as saved', cameraSchema), 404: errorResponse('no such camera') },
    handler: (req, _reply, { params }) => cameras.patch(params.id, req.body),
  });

  api.route({
    method: 'DELETE',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'Delete a camera; its worker stops. Its captures are kept.',
    access: 'admin',
    params: cameraParams,
    responses: { 204: NO_CONTENT, 404: errorResponse('no such camera') },
    handler: (_req, reply, { params }) => {
      cameras.remove(params.id);
      return reply.code(204).send();
    },
  });
}

function addPictureRoutes(api: ApiRouter, { cameras, bus }: CameraRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/cameras/:id/snapshot.jpg',
    tag: 'cameras',
    summary: 'The latest frame of a camera (JPEG, boxes drawn while detecting)',
    access: 'viewer',
    params: cameraParams,
    responses: {
      200: jpegResponse('the latest frame'),
      404: errorResponse('no such camera'),
      503: errorResponse('no frame yet (camera disabled, connecting or offline)'),
    },
    handler: async (_req, reply, { params }) => {
      const camera = cameras.get(params.id);
      if (!camera) throw noSuchCamera(params.id);
      const frame = camera.enabled ? await freshFrame(bus, params.id, 3000) : bus.latestFrame(params.id);
      if (!frame)
        throw new HttpError(
          503,
          camera.enabled ? 'camera: no frame from this camera yet' : 'camera: the camera is disabled',
        );
      return sendLiveJpeg(reply, frame);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/cameras/:id/live.mjpeg',
    tag: 'cameras',
    summary: 'Live view as MJPEG (multipart/x-mixed-replace), for <img src>',
    access: 'viewer',
    params: cameraParams,
    responses: {
      200: { description: 'a JPEG per frame', contentType: 'multipart/x-mixed-replace' },
      404: errorResponse('no such camera'),
    },
    handler: (req, reply, { params }) => {
      if (!cameras.get(params.id)) throw noSuchCamera(params.id);
      reply.hijack();
      const viewer = new MjpegViewer(reply.raw);
      const latest = bus.latestFrame(params.id);
      if (latest) viewer.send(latest);
      const unsubscribe = bus.onFrame(params.id, (frame) => viewer.send(frame));
      req.raw.on('close', unsubscribe);
    },
  });
}

/** Waits up to `waitMs` for a fresh preview frame of a camera (asking its worker to encode them). */
function freshFrame(bus: Bus, id: string, waitMs: number): Promise<Buffer | undefined> {
  const latest = bus.latestFrame(id);
  if (latest && bus.viewerCount(id) > 0) return Promise.resolve(latest);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(bus.latestFrame(id));
    }, waitMs);
    const off = bus.onFrame(id, (jpeg) => {
      clearTimeout(timer);
      off();
      resolve(jpeg);
    });
  });
}
