// A masked camera's clips: a stream copy would show what its privacy masks hide, so the cut
// re-encodes with the masks burned in. The masks are rasterised as on the frames (src/privacy),
// at the clip's own size, into two PNG layers that ffmpeg lays over the video: an opaque black
// one, and the alpha of a pixelated copy (blocks of the same size as on the frames).
import path from 'node:path';
import sharp from 'sharp';
import type { PrivacyMask } from '../privacy/config';
import { BLACK, BLURRED, blurBlockSize, rasterise } from '../privacy/raster';

/** The mask layers of one picture size: PNG files, and the pixelation block size. */
export interface MaskLayers {
  /** RGBA: opaque black where a black mask is, transparent elsewhere. */
  black?: string;
  /** Grey: white where a blur mask is (the alpha of the pixelated picture). */
  blur?: string;
  blockSize: number;
}

export interface PictureSize {
  width: number;
  height: number;
}

/** Writes the layers of `masks` for a `width` × `height` video into `dir`. */
export async function writeMaskLayers(
  masks: readonly PrivacyMask[],
  { width, height }: PictureSize,
  dir: string,
): Promise<MaskLayers> {
  const { cover } = rasterise(masks, width, height);
  const layers: MaskLayers = { blockSize: blurBlockSize(width) };
  if (cover.includes(BLACK)) {
    const rgba = Buffer.alloc(width * height * 4); // transparent black
    for (let p = 0; p < cover.length; p++) if (cover[p] === BLACK) rgba[p * 4 + 3] = 255;
    layers.black = path.join(dir, `mask-black-${width}x${height}.png`);
    await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toFile(layers.black);
  }
  if (cover.includes(BLURRED)) {
    const grey = Buffer.alloc(width * height);
    for (let p = 0; p < cover.length; p++) if (cover[p] === BLURRED) grey[p] = 255;
    layers.blur = path.join(dir, `mask-blur-${width}x${height}.png`);
    await sharp(grey, { raw: { width, height, channels: 1 } })
      .png()
      .toFile(layers.blur);
  }
  return layers;
}

/**
 * The ffmpeg inputs (after the video, input 0) and the filter graph that burn the layers in,
 * ending in [masked] as yuv420p. A still image input lasts the whole video (overlay repeats it).
 */
export function burnInArgs(layers: MaskLayers): { inputs: string[]; filter: string } {
  const inputs: string[] = [];
  const steps: string[] = [];
  let current = '0:v';
  if (layers.blur) {
    inputs.push('-i', layers.blur);
    const n = inputs.length / 2;
    const b = layers.blockSize;
    steps.push(
      `[${current}]split[base][copy]`,
      `[copy]pixelize=w=${b}:h=${b}[pixelated]`,
      `[pixelated][${n}:v]alphamerge[blurred]`,
      `[base][blurred]overlay=format=auto[with_blur]`,
    );
    current = 'with_blur';
  }
  if (layers.black) {
    inputs.push('-i', layers.black);
    steps.push(`[${current}][${inputs.length / 2}:v]overlay=format=auto[with_black]`);
    current = 'with_black';
  }
  steps.push(`[${current}]format=yuv420p[masked]`);
  return { inputs, filter: steps.join(';') };
}
