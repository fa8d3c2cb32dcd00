import { describe, expect, it } from 'vitest';
import { rawArrayItems } from './raw-items.js';

describe('rawArrayItems', () => {
  it('gives the source text of each item, digits and spacing kept', () => {
    const text = ' {"sentAt":"x", "batch" : [ {"n": 12345678901234567890, "s": "a]}\\"[{"} ,[1, [2]],"str",  7 , null,{} ], "after": {"batch": 1}}';
    expect(rawArrayItems(text, 'batch')).toEqual(['{"n": 12345678901234567890, "s": "a]}\\"[{"}', '[1, [2]]', '"str"', '7', 'null', '{}']);
  });

  it('follows JSON.parse: the last occurrence of the member wins, escaped names count', () => {
    expect(rawArrayItems('{"batch":[1],"\\u0062atch":[2,3]}', 'batch')).toEqual(['2', '3']);
    expect(rawArrayItems('{"other":[1]}', 'batch')).toBeUndefined();
    expect(rawArrayItems('[1,2]', 'batch')).toBeUndefined();
    expect(rawArrayItems('{"batch":[]}', 'batch')).toEqual([]);
  });

  it('agrees with JSON.parse on every item of a generated batch', () => {
    const batch = Array.from({ length: 200 }, (_, i) => ({ type: 'track', event: `E ${i} "quoted" ] [`, properties: { n: i * 1.5, nested: { a: [i, { b: 'x\\y' }] }, empty: [] } }));
    const text = JSON.stringify({ batch, context: { ip: "1.2.3.4" } }, null, 2);
    const items = rawArrayItems(text, 'batch')!;
    expect(items.map((s) => JSON.parse(s))).toEqual(batch);
  });
});
