import { describe, expect, it } from 'vitest';
import { decoderNice } from './decoder-priority.js';

describe('decoder priority over capacity', () => {
  it('leaves every decoder at the base niceness while the machine keeps up', () => {
    expect([decoderNice(10, false, true), decoderNice(10, false, false)]).toEqual([10, 10]);
  });

  it('steps back the decoders of unselected streams, never past 19, and keeps the selected one', () => {
    expect([decoderNice(10, true, true), decoderNice(10, true, false), decoderNice(17, true, false)]).toEqual([10, 15, 19]);
  });
});
