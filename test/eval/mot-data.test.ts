import { describe, expect, it } from 'vitest';
import { detectionFrames, groundTruthFrames, parseMotRows, parseSequenceInfo } from '../../src/eval/mot-data';

describe('MOTChallenge files', () => {
  it('read rows as [x1, y1, x2, y2] boxes and drop ground truth marked 0', () => {
    const rows = parseMotRows('1,3,10,20,30,40,1,-1,-1,-1\n2,4,0.5,1.5,2,3,0,-1,-1,-1\n\n', 'gt.txt');
    expect(rows).toEqual([
      { frame: 1, id: 3, box: [10, 20, 40, 60], conf: 1 },
      { frame: 2, id: 4, box: [0.5, 1.5, 2.5, 4.5], conf: 0 },
    ]);
    expect(groundTruthFrames(rows, 3, 'gt.txt')).toEqual([[{ id: 3, box: [10, 20, 40, 60] }], [], []]);
  });

  it('turn det.txt rows into person detections scored by column 7', () => {
    const rows = parseMotRows('2,-1,1,2,3,4,0.75,-1,-1,-1', 'det.txt');
    expect(detectionFrames(rows, 2, 'det.txt')).toEqual([
      [],
      [{ box: [1, 2, 4, 6], score: 0.75, classId: 0, className: 'person', role: 'person' }],
    ]);
  });

  it('name the file and line of a malformed row, and refuse frames beyond the sequence', () => {
    expect(() => parseMotRows('1,1,2,3,4,5,1\n1,1,2,x,4,5,1', 'gt.txt')).toThrow('gt.txt:2');
    expect(() => parseMotRows('0,1,2,3,4,5,1', 'gt.txt')).toThrow('bad frame number 0');
    expect(() => groundTruthFrames(parseMotRows('3,1,2,3,4,5,1', 'gt.txt'), 2, 'gt.txt')).toThrow('beyond');
  });

  it('read seqinfo.ini', () => {
    const ini =
      '[Sequence]\nname=KITTI-17\nimDir=img1\nframeRate=10\nseqLength=145\nimWidth=1224\nimHeight=370\nimExt=.jpg\n';
    expect(parseSequenceInfo(ini, 'seqinfo.ini')).toEqual({
      name: 'KITTI-17',
      frameRate: 10,
      length: 145,
      width: 1224,
      height: 370,
    });
    expect(() => parseSequenceInfo('[Sequence]\nname=x\nseqLength=3', 'seqinfo.ini')).toThrow('frameRate');
  });
});
