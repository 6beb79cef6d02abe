// Reads MOTChallenge sequence folders (seqinfo.ini, det/det.txt, gt/gt.txt) from disk.
import fs from 'node:fs';
import path from 'node:path';
import { detectionFrames, groundTruthFrames, parseMotRows, parseSequenceInfo } from './mot-data';
import type { MotSequence } from './mot-run';

/** `dir` itself when it is a sequence (holds seqinfo.ini), else its sub-folders that are, by name. */
export function findSequences(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`no such folder: ${dir}`);
  if (fs.existsSync(path.join(dir, 'seqinfo.ini'))) return [dir];
  const found = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'seqinfo.ini')))
    .map((e) => path.join(dir, e.name))
    .sort();
  if (found.length === 0) throw new Error(`${dir} holds no MOTChallenge sequence (a folder with seqinfo.ini)`);
  return found;
}

export function loadSequence(dir: string): MotSequence {
  const read = (...parts: string[]) => {
    const file = path.join(dir, ...parts);
    if (!fs.existsSync(file)) throw new Error(`missing ${file}`);
    return { file, text: fs.readFileSync(file, 'utf8') };
  };
  const ini = read('seqinfo.ini');
  const info = parseSequenceInfo(ini.text, ini.file);
  const det = read('det', 'det.txt');
  const gt = read('gt', 'gt.txt');
  return {
    info,
    detections: detectionFrames(parseMotRows(det.text, det.file), info.length, det.file),
    gt: groundTruthFrames(parseMotRows(gt.text, gt.file), info.length, gt.file),
  };
}
