import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, readLabelTable, sourceKey } from './label-table.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-labels-'));
const csv = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('labelled CSV', () => {
  it('finds columns by header name in any order, with quoted fields', () => {
    const p = csv('a.csv', 'licence,view,clip,file,source\r\n"MIT, probably",psax,c1,sub/x.png,"echonet/dynamic docs/a.mp4@123"\n');
    expect(readLabelTable(p)).toEqual([{ path: join(tmp, 'sub/x.png'), view: 'psax', clip: 'c1', source: 'echonet' }]);
  });

  it('makes each file its own clip without a clip column, and leaves sources out without a source column', () => {
    expect(readLabelTable(csv('b.csv', 'path,view\nx.png,a4c\ny.png,none\n'))).toEqual([
      { path: join(tmp, 'x.png'), view: 'a4c', clip: 'x.png', source: null },
      { path: join(tmp, 'y.png'), view: 'none', clip: 'y.png', source: null },
    ]);
  });

  it('refuses a CSV without the needed columns or with an unknown label, in one line naming it', () => {
    expect(() => readLabelTable(csv('c.csv', 'x.png,a4c\n'))).toThrow(/c\.csv: needs a header naming the columns path \(or file\) and view/);
    expect(() => readLabelTable(csv('d.csv', 'path,view\nx.png,apical\n'))).toThrow(/d\.csv: line 2: unknown label 'apical'/);
  });

  it('parses doubled quotes and keys a source by its first segment', () => {
    expect(parseCsv('a,"say ""hi""",c\n')).toEqual([['a', 'say "hi"', 'c']]);
    expect(sourceKey('remokapanen/TTE images/plax.gif@d13')).toBe('remokapanen');
  });
});
