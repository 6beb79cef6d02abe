import { z } from 'zod';
import { motionConfigSchema } from '../detect/motion';
import { modelConfigSchema, tilesSettingSchema } from '../detect/config';
import { DEFAULT_TILES } from '../detect/tiles';
import { catalogueFrom, ppeConfigSchema, ppeItemConfigSchema, unknownKinds } from '../ppe/config';
import { isKnownRole } from '../detect/classes';
import type { PpeCatalogue } from '../domain/ppe-items';
import { scheduleSchema } from '../schedule/schedule';
import { clipConfigSchema, dedupConfigSchema, retentionSchema } from '../capture/config';
import { alertsConfigSchema } from '../alerts/config';
import { privacyMasksSchema } from '../privacy/config';

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
  /** Motion gating: a still picture is detected once every `idleSeconds` (`unchangedSeconds` when unchanged), not on every frame. */
  motion: motionConfigSchema.prefault({}),
  detect: z
    .strictObject({
      /** Also run the model on overlapping tiles of the frame at its own resolution (src/detect/tiles.ts). */
      tiles: tilesSettingSchema.default(DEFAULT_TILES),
    })
    .prefault({}),
  /**
   * Polygons blacked out or pixelated in every picture of the camera (live view, captures, clips)
   * before detection, which so ignores them. Clips of a masked camera are re-encoded.
   */
  privacyMasks: privacyMasksSchema,
});

export const authSchema = z.object({
  /** A session ends after this many hours without a request (sliding expiry). */
  sessionHours: z
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  /**
   * Behind a reverse proxy that terminates TLS: trust its X-Forwarded-For/-Proto headers, so
   * rate limits see the client's address and session cookies get the Secure flag.
   */
  trustProxy: z.boolean().default(false),
  /** Serve /metrics without a session (for a Prometheus on a trusted network). */
  metricsOpen: z.boolean().default(false),
  /** Or: Prometheus sends `Authorization: Bearer <metricsToken>`. */
  metricsToken: z.string().min(16, 'at least 16 characters').optional(),
  /** The first admin, created at start when no user of that name exists (env ADMIN_USER / ADMIN_PASSWORD). */
  adminUser: z.string().optional(),
  adminPassword: z.string().optional(),
});

const appConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  storage: z
    .object({
      /** Database and capture images live here. */
      dir: z.string().default('data'),
    })
    .default({ dir: 'data' }),
  /** Filled with the default model when the file has no model section (config/load.ts). */
  model: modelConfigSchema,
  detect: z
    .strictObject({
      /**
       * 'host': one inference engine process per host owns the model and runs every camera's
       * frames (src/engine/); 'worker': each camera worker loads the model itself.
       */
      engine: z.enum(['host', 'worker']).default('host'),
    })
    .prefault({}),
  cameras: z.array(cameraConfigSchema).default([]),
  /**
   * Who runs the camera worker processes: the server itself ('builtin'), or PM2, one PM2 process
   * per camera (cctv-cam-<id>) that `pm2 list`, `pm2 logs` and `pm2 restart` see.
   */
  supervisor: z.enum(['builtin', 'pm2']).default('builtin'),
  /**
   * Folders whose video files cameras and probes set through the API may play (absolute, or
   * relative to the working directory). Default: the demo's media folder. Files anywhere else,
   * and devices other than /dev/video<N>, are refused.
   */
  mediaDirs: z.array(z.string().min(1)).default([]),
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
  /** Scale-out (Redis) worker hosts. */
  node: z
    .object({
      /** Most cameras one node runs at once. */
      capacity: z.number().int().positive().default(16),
      /** A node that stops renewing loses its cameras after this long. */
      leaseMs: z.number().int().min(300).default(5000),
      /** Capture events kept on disk while Redis is down. */
      spoolMaxEvents: z.number().int().positive().default(10_000),
      spoolMaxBytes: z
        .number()
        .int()
        .positive()
        .default(1024 ** 3),
    })
    .prefault({}),
  dedup: dedupConfigSchema.prefault({}),
  preview: z
    .object({
      /** Live preview JPEGs are scaled to at most this width (saves CPU and bandwidth). */
      maxWidth: z.number().int().positive().default(960),
      quality: z.number().int().min(10).max(100).default(75),
    })
    .default({ maxWidth: 960, quality: 75 }),
  retention: retentionSchema.prefault({}),
  clip: clipConfigSchema
    .prefault({})
    .refine((c) => c.bufferSeconds >= c.beforeSeconds + c.afterSeconds + c.segmentSeconds, {
      message: 'bufferSeconds must cover beforeSeconds + afterSeconds + segmentSeconds',
      path: ['bufferSeconds'],
    }),
  auth: authSchema.prefault({}),
  /** Who hears of a capture, and how: webhook, MQTT and e-mail channels, and rules routing captures to them. */
  alerts: alertsConfigSchema.prefault({}),
  /** PPE items added to the built-in catalogue, or changes to built-in ones (docs/ppe-items.md). */
  ppeItems: z.array(ppeItemConfigSchema).default([]),
});

/** The items of a parsed config: the built-in ones with the config's `ppeItems`. */
export function catalogueOf(config: Pick<AppConfig, 'ppeItems'>): PpeCatalogue {
  return catalogueFrom(config.ppeItems);
}

/** Every kind and class role in the config names an item of its catalogue. */
function checkCatalogue(config: z.output<typeof appConfigSchema>, ctx: z.RefinementCtx): void {
  let catalogue: PpeCatalogue;
  try {
    catalogue = catalogueFrom(config.ppeItems);
  } catch (err) {
    const [where, message] = (err as Error).message.split(': ');
    ctx.addIssue({
      code: 'custom',
      message,
      path: where
        .split(/[.[\]]+/)
        .filter(Boolean)
        .map(pathPart),
    });
    return;
  }
  config.cameras.forEach((camera, i) => {
    for (const [path, message] of unknownKinds(camera.ppe, catalogue)) {
      ctx.addIssue({ code: 'custom', message, path: ['cameras', i, 'ppe', ...path] });
    }
  });
  config.alerts.rules.forEach((rule, i) => {
    rule.kinds?.forEach((kind, k) => {
      if (!catalogue.hasKind(kind))
        ctx.addIssue({
          code: 'custom',
          message: `${kind} names no PPE item`,
          path: ['alerts', 'rules', i, 'kinds', k],
        });
    });
  });
  const models = [
    ['model', config.model.classes],
    ['secondary', config.model.secondary?.classes],
  ] as const;
  for (const [which, classes] of models) {
    for (const [name, override] of Object.entries(classes ?? {})) {
      if (isKnownRole(override.role, catalogue)) continue;
      const path =
        which === 'model' ? ['model', 'classes', name, 'role'] : ['model', 'secondary', 'classes', name, 'role'];
      ctx.addIssue({ code: 'custom', message: `${override.role} names no PPE item`, path });
    }
  }
}

const pathPart = (p: string) => (/^\d+$/.test(p) ? Number(p) : p);

export const configSchema = appConfigSchema.superRefine(checkCatalogue);

export type AppConfig = z.infer<typeof appConfigSchema>;
export type CameraConfig = z.infer<typeof cameraConfigSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
