import { z } from 'zod';
import { modelConfigSchema } from '../detect/config';
import { ppeConfigSchema } from '../ppe/config';
import { scheduleSchema } from '../supervisor/schedule';

export const cameraIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'letters, digits, "-" and "_" only (it names folders and URLs)');

export const cameraConfigSchema = z.object({
  id: cameraIdSchema,
  name: z.string().min(1),
  location: z.string().default(''),
  /** rtsp://, http(s)://, a file path or a local device. May hold credentials: never log it unmasked. */
  url: z.string().min(1),
  /** Frames per second taken from the stream (detection and preview). */
  fps: z.number().positive().max(60).default(5),
  enabled: z.boolean().default(true),
  rtspTransport: z.enum(['tcp', 'udp']).default('tcp'),
  /** Detection windows; outside them the camera streams without inference. None = always detect. */
  schedule: scheduleSchema.optional(),
  ppe: ppeConfigSchema.default(ppeConfigSchema.parse({})),
});

export const configSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  storage: z
    .object({
      /** Database and capture images live here. */
      dir: z.string().default('data'),
    })
    .default({ dir: 'data' }),
  model: modelConfigSchema,
  cameras: z.array(cameraConfigSchema).default([]),
  /** A worker that gets no frame for this long exits and is restarted. */
  watchdogSeconds: z.number().positive().default(15),
  /** How a camera whose stream fails is retried: delays double from initialMs up to maxMs. */
  reconnect: z
    .object({
      initialMs: z.number().int().positive().default(1000),
      maxMs: z.number().int().positive().default(30_000),
      /** Attempts in a row without a frame before the camera shows as failed. */
      failAfter: z.number().int().positive().default(5),
    })
    .prefault({}),
  dedup: z
    .object({
      /** A capture for the same camera, kind and place within this window is a duplicate. */
      cooldownSeconds: z.number().nonnegative().default(60),
      iou: z.number().min(0).max(1).default(0.3),
    })
    .default({ cooldownSeconds: 60, iou: 0.3 }),
  preview: z
    .object({
      /** Live preview JPEGs are scaled to at most this width (saves CPU and bandwidth). */
      maxWidth: z.number().int().positive().default(960),
      quality: z.number().int().min(10).max(100).default(75),
    })
    .default({ maxWidth: 960, quality: 75 }),
});

export type AppConfig = z.infer<typeof configSchema>;
export type CameraConfig = z.infer<typeof cameraConfigSchema>;
