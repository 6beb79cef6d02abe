// Doctor checks of the cameras the server would run: the database's (authoritative once it
// exists) and the config file's not yet in it. Each is probed the way the API's probe does.
import sharp from 'sharp';
import type { CameraConfig } from '../config/schema';
import { maskUrl } from '../ingest/mask-url';
import { checkSource, SourceRefused } from '../ingest/source-check';
import { grabJpeg } from '../server/probe';
import { readStoredCameras } from '../store/cameras';
import { databaseFile } from '../store/db';
import { check, type CheckResult } from './check';

const PROBE_TIMEOUT_MS = 10_000;
/** Cameras probed at once: each probe is an ffmpeg process. */
const PROBES_AT_ONCE = 4;

export interface CamerasFound {
  cameras: CameraConfig[];
  /** Why the database's cameras could not be read, if it exists and could not be. */
  problem?: CheckResult;
}

/** The database's cameras, then the config file's that the database does not have yet. */
export function camerasToCheck(configCameras: CameraConfig[], storageDir: string): CamerasFound {
  const file = databaseFile(storageDir);
  try {
    const stored = readStoredCameras(file) ?? [];
    const known = new Set(stored.map((c) => c.id));
    return { cameras: [...stored, ...configCameras.filter((c) => !known.has(c.id))] };
  } catch (err) {
    const problem = check('cameras', 'warn', `cannot read the cameras in ${file}: ${(err as Error).message}`);
    return { cameras: configCameras, problem };
  }
}

export interface CameraCheck {
  result: CheckResult;
  /** The picture it sent, when it sent one. */
  jpeg?: Buffer;
}

/** Grabs one picture from the camera: a source the server accepts, reachable, and what size it sends. */
export async function checkCamera(camera: CameraConfig, mediaDirs: readonly string[]): Promise<CameraCheck> {
  const name = `camera ${camera.id}`;
  const shown = maskUrl(camera.url);
  if (!camera.enabled) return { result: check(name, 'skip', `${shown}: disabled`) };
  try {
    // Held to the media folders, as the server holds the cameras it starts.
    const source = await checkSource(camera.url, mediaDirs, PROBE_TIMEOUT_MS);
    const jpeg = await grabJpeg(source, { rtspTransport: camera.rtspTransport, timeoutMs: PROBE_TIMEOUT_MS });
    const { width, height } = await sharp(jpeg).metadata();
    return { result: check(name, 'ok', `${shown}: ${width}×${height}`), jpeg };
  } catch (err) {
    // The operator may read the detail. ProbeError messages are masked already; ffmpeg's often
    // start with the URL, shown once.
    const why =
      err instanceof SourceRefused
        ? `the server will not start it: ${err.message}${err.detail ? ` (${err.detail})` : ''}`
        : (err as Error).message;
    const reason = maskUrl(why).replace(`${shown}: `, '');
    return { result: check(name, 'fail', `${shown}: ${reason}`) };
  }
}

/** Every camera, a few at a time, in list order. */
export async function checkCameras(cameras: CameraConfig[], mediaDirs: readonly string[]): Promise<CameraCheck[]> {
  const out: CameraCheck[] = new Array(cameras.length);
  let next = 0;
  const probe = async () => {
    for (let i = next++; i < cameras.length; i = next++) out[i] = await checkCamera(cameras[i], mediaDirs);
  };
  await Promise.all(Array.from({ length: Math.min(PROBES_AT_ONCE, cameras.length) }, probe));
  return out;
}
