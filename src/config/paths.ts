import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `from` that holds a package.json. */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * The package's folder: the checkout in development, the installed package's folder otherwise.
 * Found by walking up because this module runs from src/config (tsx) and from a dist/ bundle.
 */
export const repoRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Where the real model and sample footage live (never committed): ../shared or SHARED_DIR. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SHARED_DIR ?? path.join(repoRoot, '..', 'shared'));
}

/**
 * The product's default model: person-centric (person, Hardhat, NO-Hardhat, Safety Vest,
 * NO-Safety Vest) and the more accurate one (docs/quality.md), at ~147 ms per frame on 2 cores.
 */
export const DEMO_MODEL_FILE = 'models/construction-ppe-yolov8n-640-int8.onnx';
/** ~6× faster (~24 ms per frame) and far less accurate: throughput tests, benches, small machines. */
export const FAST_MODEL_FILE = 'models/ppe-helmet-vest-yolov8n-320-int8.onnx';
export const DEMO_VIDEO_FILE = 'media/factory-helmets-640x360.mp4';

/** The model used when the config names none: the demo model. */
export function defaultModelPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(sharedDir(env), DEMO_MODEL_FILE);
}
