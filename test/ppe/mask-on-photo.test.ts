// The accurate model (construction-ppe 640, which knows Mask / NO-Mask) and the real rules on a
// real photo, held still as a camera would see it for a few frames. pictor_4.jpg, as a person sees
// it: four people building a wooden frame, every one in a hard hat (blue, green, green, white),
// none wearing a mask; one (the woman in the middle) wears glasses. Left to right by their feet:
// the kneeling man (green helmet), the standing man (blue), the woman (green), the bearded man (white).
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_FILE, sharedDir } from '../../src/config/paths';
import type { Box, Frame } from '../../src/domain/detection';
import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { createDetector, type Detector } from '../../src/detect/detector';
import { decodedCatalogue, ppeConfigSchema, trackerConfigOf, type PpeConfigInput } from '../../src/ppe/config';
import { createViolationMonitor } from '../../src/ppe/create-monitor';
import type { ConfirmedViolation, PersonView } from '../../src/ppe/monitor';
import { createTracker } from '../../src/track';

/** Where each person's face is in the photo (pixels), for telling whose capture a capture is. */
const FACES: Record<string, Box> = {
  standing: [255, 130, 300, 185],
  bearded: [470, 60, 530, 120],
};

const contains = (box: Box, inner: Box) =>
  box[0] <= inner[0] && box[1] <= inner[1] && box[2] >= inner[2] && box[3] >= inner[3];

describe('the accurate model with a mask required, on pictor_4.jpg', () => {
  let detector: Detector;
  let frame: Frame;

  beforeAll(async () => {
    // As a camera requiring helmets and masks decodes the model's classes.
    const catalogue = decodedCatalogue(
      BUILT_IN_CATALOGUE,
      ppeConfigSchema.parse({ required: ['no-helmet', 'no-mask'] }),
    );
    detector = await createDetector({ path: path.join(sharedDir(), DEMO_MODEL_FILE) }, undefined, { catalogue });
    const { data, info } = await sharp(path.join(sharedDir(), 'media', 'pictor_4.jpg'))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    frame = { data, width: info.width, height: info.height, seq: 0, time: 0 };
  }, 60_000);
  afterAll(() => detector?.close());

  /** The photo as eight frames of a still camera at 5 fps, through the camera's real rules. */
  async function watch(
    ppe: PpeConfigInput,
  ): Promise<{ confirmed: ConfirmedViolation<number>[]; people: PersonView[] }> {
    const cfg = ppeConfigSchema.parse(ppe);
    const monitor = createViolationMonitor<number>(
      cfg,
      detector.hasPersonClass,
      () => createTracker(trackerConfigOf(cfg)),
      {
        snapshot: (n) => n,
        catalogue: BUILT_IN_CATALOGUE,
      },
    );
    const { detections } = await detector.detect(frame);
    const confirmed: ConfirmedViolation<number>[] = [];
    let people: PersonView[] = [];
    for (let n = 0; n < 8; n++) {
      const out = monitor.update(n, frame, detections, n * 200);
      confirmed.push(...out.confirmed);
      people = out.people;
    }
    return { confirmed, people };
  }

  it('maps the model’s mask classes to the mask item, and leaves gloves (required nowhere) undecoded', () => {
    const role = (name: string) => detector.roles[detector.classNames.indexOf(name)];
    expect([role('Mask'), role('NO-Mask'), role('Hardhat'), role('Gloves')]).toEqual([
      'mask',
      'no-mask',
      'helmet',
      'ignore',
    ]);
  });

  it('captures the people whose bare faces the camera sees for no mask, each once, and nothing else', async () => {
    const { confirmed } = await watch({ required: ['no-mask'] });
    expect(confirmed.every((c) => c.kinds.length === 1 && c.kinds[0] === 'no-mask')).toBe(true);
    expect(new Set(confirmed.map((c) => c.trackId)).size).toBe(confirmed.length);
    // Nobody in the photo wears a mask, so every capture is right. The two standing men's faces are
    // clear (NO-Mask 0.67 and 0.47): they must be captured. The woman's scores lower (~0.28) and
    // the kneeling man's face, small and turned down, gives no mask class at all.
    for (const [who, face] of Object.entries(FACES)) {
      expect(
        confirmed.some((c) => contains(c.box, face)),
        `${who} captured`,
      ).toBe(true);
    }
    expect(confirmed.length).toBeLessThanOrEqual(4);
  }, 60_000);

  it('with helmet and mask required, raises no helmet for anyone: all four wear hard hats', async () => {
    const { confirmed, people } = await watch({ required: ['no-helmet', 'no-mask'] });
    expect(confirmed.flatMap((c) => c.kinds)).not.toContain('no-helmet');
    expect(confirmed.some((c) => c.kinds.includes('no-mask'))).toBe(true);
    expect(people.every((p) => !p.violations.includes('no-helmet'))).toBe(true);
  }, 60_000);
});
