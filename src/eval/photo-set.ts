// A YOLO-labelled photo folder (images/<id>.jpg, labels/<id>.txt) read from disk and run
// through the product's detector, photo by photo.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Frame } from '../domain/detection';
import type { Detector } from '../detect/detector';
import type { DetectedPhoto } from './photo-evaluation';
import { parseYoloLabels, splitOf, type LabelRoles, type Split } from './photo-labels';
import { isEvalRole } from './photo-scoring';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);

export interface LabelledPhotoFile {
  id: string;
  image: string;
  /** Null when the photo has no label file: nothing to find on it (the YOLO convention). */
  labels: string | null;
}

/** The photos of `dataDir` in name order, optionally one split of them. */
export async function listPhotos(dataDir: string, split: Split | 'all' = 'all'): Promise<LabelledPhotoFile[]> {
  const imageDir = path.join(dataDir, 'images');
  const labelDir = path.join(dataDir, 'labels');
  const [images, labels] = await Promise.all([readDirOrFail(imageDir), readDirOrFail(labelDir)]);
  const labelFiles = new Set(labels);
  const photos = images
    .filter((name) => IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase()))
    .sort()
    .map((name): LabelledPhotoFile => {
      const id = path.parse(name).name;
      const label = `${id}.txt`;
      return {
        id,
        image: path.join(imageDir, name),
        labels: labelFiles.has(label) ? path.join(labelDir, label) : null,
      };
    })
    .filter((p) => split === 'all' || splitOf(p.id) === split);
  if (!photos.length) throw new Error(`No photos in ${imageDir}${split === 'all' ? '' : ` (split ${split})`}`);
  return photos;
}

async function readDirOrFail(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    throw new Error(
      `Cannot read ${dir} (${(err as NodeJS.ErrnoException).code}): a labelled photo set has images/ and labels/ folders`,
    );
  }
}

/** A photo as a camera frame: RGB24, EXIF orientation applied (as `cctv detect` reads it). */
export async function loadFrame(file: string): Promise<Frame> {
  const { data, info } = await sharp(file)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${file}: decoded to ${info.channels} channels, expected RGB`);
  return { data, width: info.width, height: info.height, seq: 0, time: 0 };
}

/** Labels and detections (of the evaluated roles only) of every photo, in order. */
export async function detectPhotos(
  photos: readonly LabelledPhotoFile[],
  detector: Detector,
  labelRoles: LabelRoles,
  onProgress: (done: number) => void = () => {},
): Promise<DetectedPhoto[]> {
  const detected: DetectedPhoto[] = [];
  for (const photo of photos) {
    const frame = await loadFrame(photo.image);
    const text = photo.labels ? await fs.readFile(photo.labels, 'utf8') : '';
    let labels;
    try {
      labels = parseYoloLabels(text, frame.width, frame.height, labelRoles);
    } catch (err) {
      throw new Error(`${photo.labels}: ${(err as Error).message}`);
    }
    const detections = (await detector.detect(frame)).detections.filter((d) => isEvalRole(d.role));
    detected.push({ id: photo.id, labels, detections });
    onProgress(detected.length);
  }
  return detected;
}
