import { jpeg } from '../api/helpers';
import type { ViolationAlert } from '../../src/alerts/types';

export async function sampleAlert(over: Partial<ViolationAlert> = {}): Promise<ViolationAlert> {
  return {
    type: 'violation',
    captureId: 'cap-1',
    time: '2026-03-01T10:00:00.000Z',
    cameraId: 'gate',
    cameraName: 'Gate',
    location: 'North yard',
    zone: 'loading bay',
    kinds: ['no-helmet', 'no-vest'],
    confidence: 0.88,
    trackId: 7,
    link: 'http://dash.example/#/violations/cap-1',
    cropUrl: 'http://dash.example/api/violations/cap-1/crop.jpg',
    frameUrl: 'http://dash.example/api/violations/cap-1/frame.jpg',
    crop: await jpeg('#a22', 32, 64),
    frame: await jpeg('#2a2', 96, 64),
    ...over,
  };
}
