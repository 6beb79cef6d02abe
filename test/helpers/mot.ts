// MOTChallenge data from ../shared/mot (never committed). Missing data fails the test that needs it.
import fs from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../src/config/paths';

/** A path under the shared mot/ folder; throws with a clear message when it does not exist. */
export function sharedMotPath(...parts: string[]): string {
  const file = path.join(sharedDir(), 'mot', ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(
      `MOTChallenge data missing: ${file}. It is not part of the repository: put the shared folder ` +
        `next to the checkout (../shared/mot) or point SHARED_DIR at the folder holding mot/.`,
    );
  }
  return file;
}
