// Serves a file with HTTP range requests: browsers fetch video in ranges to start and to seek.
import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { HttpError } from './http';

/** The byte span a `Range: bytes=…` header asks of a `size`-byte file; undefined: the whole file. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges in one request (multipart answers) are not worth it for a video: whole file.
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start > end || start >= size) throw new HttpError(416, 'range: outside the file');
  return { start, end };
}

/** Sends `file` whole (200) or the range asked (206), saying ranges are accepted. */
export function sendFileRange(reply: FastifyReply, file: string, contentType: string, rangeHeader?: string) {
  const size = fs.statSync(file).size;
  reply.type(contentType).header('Accept-Ranges', 'bytes').header('Cache-Control', 'private, max-age=86400');
  const range = byteRange(rangeHeader, size);
  if (!range) return reply.header('Content-Length', size).send(fs.createReadStream(file));
  return reply
    .code(206)
    .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
    .header('Content-Length', range.end - range.start + 1)
    .send(fs.createReadStream(file, range));
}
