import sharp from 'sharp';
import type { Box, Frame } from '../domain';

/** A box to draw on a frame: red for a violation, green for compliant, grey when unknown. */
export interface Annotation {
  box: Box;
  label: string;
  tone: 'violation' | 'compliant' | 'unknown';
}

const TONE_COLOUR: Record<Annotation['tone'], string> = {
  violation: '#ff3b30',
  compliant: '#34c759',
  unknown: '#a0a0a0',
};

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** SVG drawn over the frame: boxes with a filled label tab above each. */
function overlaySvg(width: number, height: number, annotations: Annotation[]): Buffer {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 200));
  const fontSize = Math.max(11, Math.round(Math.min(width, height) / 30));
  const shapes = annotations.map(({ box, label, tone }) => {
    const [x1, y1, x2, y2] = box.map((v) => Math.round(v));
    const colour = TONE_COLOUR[tone];
    const tabWidth = Math.round(label.length * fontSize * 0.6 + 8);
    const tabY = y1 - fontSize - 4 >= 0 ? y1 - fontSize - 4 : y1;
    return (
      `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>` +
      (label
        ? `<rect x="${x1}" y="${tabY}" width="${tabWidth}" height="${fontSize + 4}" fill="${colour}"/>` +
          `<text x="${x1 + 4}" y="${tabY + fontSize}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#000">${escapeXml(label)}</text>`
        : '')
    );
  });
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`);
}

const rawInput = (frame: Frame) => ({ raw: { width: frame.width, height: frame.height, channels: 3 as const } });

/** The full frame as JPEG with boxes drawn, optionally scaled down to `maxWidth`. */
export async function renderAnnotatedFrame(
  frame: Frame,
  annotations: Annotation[],
  opts: { maxWidth?: number; quality?: number } = {},
): Promise<Buffer> {
  let image = sharp(frame.data, rawInput(frame));
  if (annotations.length) image = image.composite([{ input: overlaySvg(frame.width, frame.height, annotations) }]);
  if (opts.maxWidth && frame.width > opts.maxWidth) {
    // Composite runs before resize in sharp's pipeline only when materialised first.
    image = sharp(await image.raw().toBuffer(), rawInput(frame)).resize({ width: opts.maxWidth });
  }
  return image.jpeg({ quality: opts.quality ?? 80, mozjpeg: false }).toBuffer();
}

/**
 * The region around a box, widened so the person is recognisable: the box grows by half its
 * size on each side and at least to 96 px, clipped to the frame.
 */
export function cropRegion(box: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const [x1, y1, x2, y2] = box;
  const w = x2 - x1;
  const h = y2 - y1;
  const padX = Math.max(w * 0.5, (96 - w) / 2, 0);
  const padY = Math.max(h * 0.5, (96 - h) / 2, 0);
  const left = Math.max(0, Math.floor(x1 - padX));
  const top = Math.max(0, Math.floor(y1 - padY));
  const right = Math.min(width, Math.ceil(x2 + padX));
  const bottom = Math.min(height, Math.ceil(y2 + padY));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** JPEG of the person around `box`, with that box drawn. */
export async function renderCrop(frame: Frame, annotation: Annotation, quality = 90): Promise<Buffer> {
  const region = cropRegion(annotation.box, frame.width, frame.height);
  return sharp(frame.data, rawInput(frame))
    .composite([{ input: overlaySvg(frame.width, frame.height, [{ ...annotation, label: '' }]) }])
    .raw()
    .toBuffer()
    .then((annotated) => sharp(annotated, rawInput(frame)).extract(region).jpeg({ quality }).toBuffer());
}
