// Preview and capture rendering (src/capture/render.ts) against the way it drew before: one
// frame-sized SVG overlay rasterised by librsvg and composited by libvips (reproduced below as the
// reference). Same frames, same boxes, interleaved; also checks the two give the same pixels.
//   npm run bench:render -- [--frames 60] [--runs 3]
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderAnnotatedFrame, renderCrop, type Annotation } from '../src/capture/render';
import type { Box, Frame } from '../src/domain/detection';
import { decodeFrames } from './lib/media';
import { loadAverage, machineInfo } from './lib/proc';
import { fmt, median, pct, percentile, table } from './lib/stats';
import { SAMPLE_VIDEO } from './lib/system';

const { values } = parseArgs({
  options: { frames: { type: 'string', default: '60' }, runs: { type: 'string', default: '3' } },
});

// ---- the previous implementation (SVG overlay), for reference ------------------------------
const TONE_COLOUR = { violation: '#ff3b30', compliant: '#34c759', unknown: '#a0a0a0' } as const;
const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
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
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`,
  );
}
const rawInput = (f: Frame) => ({ raw: { width: f.width, height: f.height, channels: 3 as const } });
function svgFrame(frame: Frame, annotations: Annotation[], quality: number): Promise<Buffer> {
  let image = sharp(frame.data, rawInput(frame));
  if (annotations.length) image = image.composite([{ input: overlaySvg(frame.width, frame.height, annotations) }]);
  return image.jpeg({ quality }).toBuffer();
}
function svgCrop(
  frame: Frame,
  a: Annotation,
  region: { left: number; top: number; width: number; height: number },
): Promise<Buffer> {
  const [x1, y1, x2, y2] = a.box;
  const local: Annotation = {
    ...a,
    label: '',
    box: [x1 - region.left, y1 - region.top, x2 - region.left, y2 - region.top],
  };
  return sharp(frame.data, rawInput(frame))
    .extract(region)
    .composite([{ input: overlaySvg(region.width, region.height, [local]) }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

// ---- measurement ---------------------------------------------------------------------------
const frames = await decodeFrames(SAMPLE_VIDEO, Number(values.frames));
/** Three people moving across the frame, one label changing every 30 frames (a new track). */
const annotationsFor = (i: number): Annotation[] => {
  const dx = (i * 3) % 200;
  return [
    { box: [100 + dx, 50, 180 + dx, 300] as Box, tone: 'violation', label: `#${12 + Math.floor(i / 30)} NO HELMET` },
    { box: [300, 80.4, 360.6, 320], tone: 'compliant', label: '#13 ok' },
    { box: [450, 60, 520, 330], tone: 'unknown', label: '#14 ?' },
  ];
};

async function time(fn: () => Promise<Buffer>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
async function diff(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
  return sum / x.length;
}

const t: Record<'svgPreview' | 'preview' | 'svgCrop' | 'crop' | 'jpegOnly', number[]> = {
  svgPreview: [],
  preview: [],
  svgCrop: [],
  crop: [],
  jpegOnly: [],
};
const loads: number[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  loads.push(loadAverage());
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const ann = annotationsFor(i);
    const region = { left: 60 + ((i * 3) % 200), top: 0, width: 160, height: 350 };
    t.svgPreview.push(await time(() => svgFrame(f, ann, 75)));
    t.preview.push(await time(() => renderAnnotatedFrame(f, ann, { maxWidth: 960, quality: 75 })));
    t.svgCrop.push(await time(() => svgCrop(f, ann[0], region)));
    t.crop.push(await time(() => renderCrop(f, ann[0])));
    t.jpegOnly.push(await time(() => sharp(f.data, rawInput(f)).jpeg({ quality: 75 }).toBuffer()));
  }
}
// Same pixels? (quality 100, so JPEG noise does not hide differences)
const f = frames[0];
const ann = annotationsFor(0);
const previewDiff = await diff(await svgFrame(f, ann, 100), await renderAnnotatedFrame(f, ann, { quality: 100 }));

const m = machineInfo();
const row = (name: string, v: number[], ref?: number[]) => [
  name,
  fmt(median(v), 2),
  fmt(percentile(v, 95), 2),
  ref ? pct(median(v) / median(ref), 0) : '',
];
console.log(`
### Rendering — \`npm run bench:render\`

${frames.length} frames of ${path.basename(SAMPLE_VIDEO)} (${f.width}×${f.height}), 3 boxes with labels, ${values.runs} runs interleaved (load ${loads.map((l) => fmt(l, 2)).join(', ')}); ${m.cores} cores (${m.cpu}), sharp ${m.sharp}. ms per image.

${table(
  ['image', 'median', 'p95', 'vs SVG overlay'],
  [
    row('preview, SVG overlay composited (before)', t.svgPreview),
    row('preview, renderAnnotatedFrame (now)', t.preview, t.svgPreview),
    row('crop, SVG overlay composited (before)', t.svgCrop),
    row('crop, renderCrop (now)', t.crop, t.svgCrop),
    row('JPEG encode alone, no boxes (floor)', t.jpegOnly),
  ],
)}

Mean absolute pixel difference, previous vs current preview at quality 100: ${fmt(previewDiff, 3)} (0–255 scale).
`);
process.exit(0);
