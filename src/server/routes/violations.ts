import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { CaptureArchive } from '../../capture/archive';
import type { CaptureFilter, CaptureRecord, CaptureStore } from '../../store/captures';
import { sentFilter, type AuditTrail } from '../audit-trail';
import { captureDetailJson, captureJson } from '../capture-json';
import { pagedCsvLines } from '../csv';
import { badRequest, HttpError, notFound } from '../http';
import { errorResponse, jpegResponse, jsonResponse, mp4Response, NO_CONTENT, type ApiRouter } from '../router';
import { sendFileRange } from '../file-range';
import {
  captureDetailSchema,
  captureFilterQuery,
  captureParams,
  capturePageSchema,
  csvQuery,
  reviewBody,
  violationsQuery,
  type CaptureDetailJson,
  type CapturePageJson,
} from '../schemas';
import { assertFromBeforeTo, instantMs } from '../time-range';
import type { PpeItemService } from '../ppe-items';

export interface ViolationRouteDeps {
  captures: CaptureStore;
  archive: CaptureArchive;
  /** Where review and deletion are announced to the live views. */
  live: EventEmitter;
  log: Logger;
  /** The `kind` filter must name an item of its catalogue. */
  ppe: PpeItemService;
  /** Who viewed, exported, reviewed or deleted which captures. */
  trail: AuditTrail;
}

/** Captures: the list, its CSV export, one capture, its images, its review and its deletion. */
export function registerViolationRoutes(api: ApiRouter, deps: ViolationRouteDeps): void {
  addListRoutes(api, deps);
  addCaptureRoutes(api, deps);
  addChangeRoutes(api, deps);
}

export const noSuchCapture = (id: string) => notFound(`id: no violation with id ${id}`);

function captureFilter(q: z.output<typeof captureFilterQuery>, ppe: PpeItemService): CaptureFilter {
  if (q.kind !== undefined) ppe.checkKinds([q.kind], 'kind');
  const fromMs = instantMs(q.from);
  const toMs = instantMs(q.to);
  if (fromMs !== undefined && toMs !== undefined) assertFromBeforeTo(fromMs, toMs);
  return {
    cameraId: q.cameraId,
    kind: q.kind,
    zone: q.zone,
    status: q.status,
    fromMs,
    toMs,
  };
}

const CSV_HEADER = [
  'id',
  'time',
  'cameraId',
  'cameraName',
  'location',
  'zone',
  'kinds',
  'trackId',
  'confidence',
  'status',
  'reviewer',
  'reviewedAt',
  'note',
  'cropUrl',
  'frameUrl',
];

/** One capture as a line of the CSV file. */
function csvCells(c: CaptureRecord): unknown[] {
  const j = captureJson(c);
  return [
    j.id,
    j.time,
    j.cameraId,
    j.cameraName,
    j.location,
    j.zone,
    j.kinds.join('+'),
    j.trackId,
    j.confidence,
    j.status,
    j.reviewer,
    j.reviewedAt,
    j.note,
    j.cropUrl,
    j.frameUrl,
  ];
}

function addListRoutes(api: ApiRouter, { captures, ppe, trail }: ViolationRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/violations',
    tag: 'violations',
    summary: 'Captures, newest first, filtered and keyset-paged',
    access: 'viewer',
    query: violationsQuery,
    responses: {
      200: jsonResponse('a page; pass nextCursor as `before` for the next (older) one', capturePageSchema),
    },
    handler: (req, _reply, { query }): CapturePageJson => {
      try {
        const page = captures.list({ ...captureFilter(query, ppe), limit: query.limit, before: query.before });
        trail.recordListing(req, 'capture.list', {
          filter: sentFilter(query),
          cameraId: query.cameraId,
          shown: page.items,
        });
        return { items: page.items.map(captureJson), nextCursor: page.nextCursor };
      } catch (e) {
        if (e instanceof RangeError) throw badRequest(e.message);
        throw e;
      }
    },
  });

  api.route({
    method: 'GET',
    url: '/api/violations.csv',
    tag: 'violations',
    summary: 'The same filters as /api/violations, as a CSV file (newest first)',
    access: 'viewer',
    query: csvQuery,
    responses: { 200: { description: 'text/csv; UTF-8 with BOM, CRLF lines', contentType: 'text/csv' } },
    handler: (req, reply, { query }) => {
      const filter = captureFilter(query, ppe);
      trail.recordListing(req, 'capture.export', { filter: sentFilter(query), cameraId: query.cameraId });
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="violations-${stamp}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(
          Readable.from(
            pagedCsvLines<CaptureRecord, string>(
              CSV_HEADER,
              (limit, before) => captures.list({ ...filter, limit, before }),
              csvCells,
              query.limit,
            ),
          ),
        );
    },
  });
}

function addCaptureRoutes(api: ApiRouter, { captures, archive, trail }: ViolationRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/violations/:id',
    tag: 'violations',
    summary: 'One capture with its review history',
    access: 'viewer',
    params: captureParams,
    responses: { 200: jsonResponse('the capture', captureDetailSchema), 404: errorResponse('no such capture') },
    handler: (req, _reply, { params }): CaptureDetailJson => {
      const capture = captures.get(params.id);
      if (!capture) throw noSuchCapture(params.id);
      trail.recordCaptureAccess(req, 'capture.view', capture);
      return captureDetailJson(capture, captures.history(params.id));
    },
  });

  for (const image of ['crop', 'frame'] as const) {
    api.route({
      method: 'GET',
      url: `/api/violations/:id/${image}.jpg`,
      tag: 'violations',
      summary: image === 'crop' ? 'The person, cropped (JPEG)' : 'The whole frame with the person boxed (JPEG)',
      access: 'viewer',
      params: captureParams,
      responses: { 200: jpegResponse('the image'), 404: errorResponse('no such capture, or its file is gone') },
      handler: async (req, reply, { params }) => {
        const capture = captures.get(params.id);
        if (!capture) throw noSuchCapture(params.id);
        // Paths come from our own rows, but never serve anything outside the capture folder.
        const file = archive.resolve(image === 'crop' ? capture.cropPath : capture.framePath);
        if (!file || !fs.existsSync(file)) throw notFound('image: the image file is missing');
        trail.recordCaptureAccess(req, `capture.${image}`, capture);
        return reply
          .type('image/jpeg')
          .header('Cache-Control', 'private, max-age=86400')
          .send(fs.createReadStream(file));
      },
    });
  }

  api.route({
    method: 'GET',
    url: '/api/violations/:id/clip.mp4',
    tag: 'violations',
    summary: 'The video around the capture (MP4, H.264); supports Range requests (206)',
    access: 'viewer',
    params: captureParams,
    responses: {
      200: mp4Response('the whole clip'),
      206: mp4Response('the byte range asked'),
      404: errorResponse('no such capture, or it has no clip (yet: clipPending; or clipError says why)'),
      416: errorResponse('the range is outside the clip'),
    },
    handler: async (req, reply, { params }) => {
      const capture = captures.get(params.id);
      if (!capture) throw noSuchCapture(params.id);
      const file = clipFile(capture, archive);
      // Every range of one playback is one entry: the trail folds repeats of the same read.
      trail.recordCaptureAccess(req, 'capture.clip', capture);
      return sendFileRange(reply, file, 'video/mp4', req.headers.range);
    },
  });
}

/** The clip file of a capture, or the 404 saying why there is none (yet). */
function clipFile(capture: CaptureRecord, archive: CaptureArchive): string {
  const file = capture.clipPath && archive.resolve(capture.clipPath);
  if (file && fs.existsSync(file)) return file;
  throw notFound(`clip: ${capture.clipPending ? 'being prepared' : (capture.clipError ?? 'the clip file is missing')}`);
}

function addChangeRoutes(api: ApiRouter, { captures, archive, live, log, trail }: ViolationRouteDeps): void {
  api.route({
    method: 'POST',
    url: '/api/violations/:id/review',
    tag: 'violations',
    summary: 'Review a capture: new → acknowledged → resolved, or false-positive (from new or acknowledged)',
    description: 'Records who (the signed-in user) and when. A note, when given, replaces the capture’s note.',
    access: 'viewer',
    params: captureParams,
    body: reviewBody,
    responses: {
      200: jsonResponse('the capture after the review', captureDetailSchema),
      404: errorResponse('no such capture'),
      409: errorResponse(
        'not allowed from the current status, e.g. `status: resolved is final; it cannot become false-positive`',
      ),
    },
    handler: (req, _reply, { params, body }): CaptureDetailJson => {
      const note = body.note?.trim() ? body.note.trim() : undefined;
      const result = captures.review(params.id, body.status, req.user!.name, note);
      if (!result.ok) {
        if (result.reason === 'not-found') throw noSuchCapture(params.id);
        throw new HttpError(409, result.message);
      }
      live.emit('capture-updated', result.record);
      const history = captures.history(params.id);
      const from = history[history.length - 1]?.fromStatus;
      trail.recordCaptureAccess(req, 'capture.review', result.record, { from, status: body.status });
      return captureDetailJson(result.record, history);
    },
  });

  api.route({
    method: 'DELETE',
    url: '/api/violations/:id',
    tag: 'violations',
    summary: 'Delete a capture and its images',
    access: 'admin',
    params: captureParams,
    responses: { 204: NO_CONTENT, 404: errorResponse('no such capture') },
    handler: async (req, reply, { params }) => {
      const removed = await archive.remove(params.id);
      if (!removed) throw noSuchCapture(params.id);
      trail.recordCaptureAccess(req, 'capture.delete', removed);
      log.info({ capture: params.id, user: req.user?.name }, 'capture deleted');
      live.emit('capture-removed', { id: params.id });
      return reply.code(204).send();
    },
  });
}
