import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGUE, type PpeCatalogue } from '../../src/domain/ppe-items';
import { catalogueFrom, decodedCatalogue, ppeConfigSchema } from '../../src/ppe/config';

describe('ppeConfigSchema', () => {
  it('parses {} to working defaults', () => {
    expect(ppeConfigSchema.parse({})).toEqual({
      tracker: 'bytetrack',
      tracking: {
        iouThreshold: 0.3,
        buffer: 0.3,
        newTrackBuffer: 1,
        velocityNoise: 0.02,
        minHits: 3,
        maxAge: 10,
        lostSearchGrowth: 0.2,
        highScore: 0.5,
        lowScore: 0.1,
        newTrackScore: 0.6,
        lowIouThreshold: 0.5,
      },
      required: ['no-helmet', 'no-vest'],
      inferMissing: false,
      minPersonHeight: 48,
      minScore: 0,
      confirm: { hits: 3, window: 5, clearAfter: 5 },
      zones: [],
    });
  });

  it('fills defaults inside partly given sections', () => {
    const cfg = ppeConfigSchema.parse({ tracker: 'bytetrack', tracking: { maxAge: 30 }, confirm: { hits: 2 } });
    expect(cfg.tracking).toMatchObject({ maxAge: 30, minHits: 3 });
    expect(cfg.confirm).toEqual({ hits: 2, window: 5, clearAfter: 5 });
  });

  it('names the offending field', () => {
    const paths = (input: unknown) => ppeConfigSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ confirm: { hits: 6, window: 5 } })).toEqual(['confirm.hits']);
    expect(paths({ tracker: 'deepsort' })).toEqual(['tracker']);
    expect(paths({ required: ['no-helmet', 'no-helmet'] })).toEqual(['required']);
    expect(
      paths({
        zones: [
          {
            name: 'A',
            polygon: [
              [0, 0],
              [1, 0],
            ],
          },
        ],
      }),
    ).toEqual(['zones.0.polygon']);
    expect(
      paths({
        zones: [
          {
            name: 'A',
            polygon: [
              [0, 0],
              [2, 0],
              [1, 1],
            ],
          },
        ],
      }),
    ).toEqual(['zones.0.polygon.1.0']);
  });

  it('keeps an exempt zone ([]) apart from one that inherits (omitted)', () => {
    const square = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    const cfg = ppeConfigSchema.parse({
      zones: [
        { name: 'C', polygon: square, required: [] },
        { name: 'D', polygon: square },
      ],
    });
    expect(cfg.zones[0].required).toEqual([]);
    expect(cfg.zones[1].required).toBeUndefined();
  });
});

describe('the items a camera decodes', () => {
  const ids = (c: PpeCatalogue) => c.items.map((item) => item.id);

  it('are the head and torso items on a default camera, and what its zones require besides', () => {
    expect(ids(decodedCatalogue(BUILT_IN_CATALOGUE, ppeConfigSchema.parse({})))).toEqual(['helmet', 'vest']);
    const paintShop = ppeConfigSchema.parse({
      required: ['no-helmet'],
      zones: [
        {
          name: 'booth',
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
          required: ['no-mask', 'no-gloves'],
        },
        {
          name: 'yard',
          polygon: [
            [0, 0],
            [1, 0],
            [0, 1],
          ],
        },
      ],
    });
    expect(ids(decodedCatalogue(BUILT_IN_CATALOGUE, paintShop))).toEqual(['helmet', 'vest', 'mask', 'gloves']);
  });

  it('keep configured items and renames', () => {
    const catalogue = catalogueFrom([
      { id: 'vest', name: 'Hi-vis' },
      { id: 'apron', region: 'torso', worn: ['apron'] },
    ]);
    expect(catalogue.item('vest')).toMatchObject({ name: 'Hi-vis', region: 'torso' });
    expect(catalogue.item('apron')).toEqual({
      id: 'apron',
      name: 'apron',
      region: 'torso',
      worn: ['apron'],
      missing: [],
      inferAbsence: false,
    });
    expect(ids(decodedCatalogue(catalogue, ppeConfigSchema.parse({ required: ['no-mask'] })))).toEqual([
      'helmet',
      'vest',
      'mask',
      'apron',
    ]);
  });
});
