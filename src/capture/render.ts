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
  // Scale first and draw on the smaller picture: cheaper, and labels keep a readable size.
  const scale = opts.maxWidth && frame.width > opts.maxWidth ? opts.maxWidth / frame.width : 1;
  const width = Math.round(frame.width * scale);
  const height = Math.round(frame.height * scale);
  let image = sharp(frame.data, rawInput(frame));
  if (scale !== 1) image = image.resize(width, height);
  if (annotations.length) {
    const scaled = annotations.map((a) => ({ ...a, box: a.box.map((v) => v * scale) as Box }));
    image = image.composite([{ input: overlaySvg(width, height, scaled) }]);
  }
  return image.jpeg({ quality: opts.quality ?? 80 }).toBuffer();
}

/**
 * The region around a box, widened so the person is recognisable: the box grows by half its
 * size on each side and to at least 96 px, shifted (not shrunk) to stay inside the frame.
 */
export function cropRegion(box: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const span = (lo: number, hi: number, limit: number) => {
    const size = Math.min(limit, Math.max(96, Math.ceil((hi - lo) * 2)));
    const start = Math.round((lo + hi) / 2 - size / 2);
    return [Math.min(Math.max(0, start), limit - size), size] as const;
  };
  const [left, w] = span(box[0], box[2], width);
  const [top, h] = span(box[1], box[3], height);
  return { left, top, width: w, height: h };
}

/** JPEG of the person around `box`, with that box drawn. */
export async function renderCrop(frame: Frame, annotation: Annotation, quality = 90): Promise<Buffer> {
  const region = cropRegion(annotation.box, frame.width, frame.height);
  const [x1, y1, x2, y2] = annotation.box;
  const local: Annotation = { ...annotation, label: '', box: [x1 - region.left, y1 - region.top, x2 - region.left, y2 - region.top] };
  return sharp(frame.data, rawInput(frame))
    .extract(region)
    .composite([{ input: overlaySvg(region.width, region.height, [local]) }])
    .jpeg({ quality })
    .toBuffer();
}
