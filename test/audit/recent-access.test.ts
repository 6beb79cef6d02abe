import { describe, expect, it } from 'vitest';
import { COVER_WINDOW_MS, RecentAccess } from '../../src/audit/recent-access';

const MIN = 60_000;

describe('which reads of a capture get an audit entry', () => {
  it('records a file once per window and again after it', () => {
    const recent = new RecentAccess();
    expect(recent.needsEntry('ann', 'frame', 'c1', false, 0)).toBe(true);
    expect(recent.needsEntry('ann', 'frame', 'c1', false, 5 * MIN)).toBe(false);
    expect(recent.needsEntry('ann', 'frame', 'c1', true, 9 * MIN)).toBe(false);
    expect(recent.needsEntry('ann', 'frame', 'c1', false, COVER_WINDOW_MS)).toBe(true);
    // Other users, files and captures are separate.
    expect(recent.needsEntry('bob', 'frame', 'c1', false, COVER_WINDOW_MS)).toBe(true);
    expect(recent.needsEntry('ann', 'crop', 'c1', false, COVER_WINDOW_MS)).toBe(true);
    expect(recent.needsEntry('ann', 'frame', 'c2', false, COVER_WINDOW_MS)).toBe(true);
  });

  it('counts embedded images a listing or detail view showed as covered, downloads not', () => {
    const recent = new RecentAccess();
    recent.shown('ann', ['crop'], ['c1', 'c2'], 0);
    expect(recent.needsEntry('ann', 'crop', 'c1', true, 2 * MIN)).toBe(false);
    expect(recent.needsEntry('ann', 'crop', 'c2', false, 2 * MIN)).toBe(true); // opened on its own
    expect(recent.needsEntry('ann', 'frame', 'c1', true, 2 * MIN)).toBe(true); // the listing showed crops only
    expect(recent.needsEntry('bob', 'crop', 'c1', true, 2 * MIN)).toBe(true);
    expect(recent.needsEntry('ann', 'crop', 'c1', true, 11 * MIN)).toBe(true); // the listing is too old
  });

  it('records a listing again only when its answer differs or the window has passed', () => {
    const recent = new RecentAccess();
    expect(recent.needsListingEntry('ann', 'cam-a:[c1,c2]', 0)).toBe(true);
    expect(recent.needsListingEntry('ann', 'cam-a:[c1,c2]', MIN)).toBe(false);
    expect(recent.needsListingEntry('ann', 'cam-a:[c3,c1,c2]', MIN)).toBe(true);
    expect(recent.needsListingEntry('bob', 'cam-a:[c1,c2]', MIN)).toBe(true);
    expect(recent.needsListingEntry('ann', 'cam-a:[c1,c2]', COVER_WINDOW_MS)).toBe(true);
  });

  it('forgets the oldest keys beyond its bound and expired ones as it goes', () => {
    const recent = new RecentAccess(COVER_WINDOW_MS, 3);
    for (const id of ['a', 'b', 'c', 'd']) recent.needsEntry('ann', 'crop', id, false, 0);
    expect(recent.size).toBe(3);
    expect(recent.needsEntry('ann', 'crop', 'a', false, 1)).toBe(true); // forgotten: recorded again
    expect(recent.needsEntry('ann', 'crop', 'd', false, 1)).toBe(false);
    recent.needsEntry('ann', 'crop', 'e', false, COVER_WINDOW_MS + 5);
    expect(recent.size).toBe(1);
  });
});
