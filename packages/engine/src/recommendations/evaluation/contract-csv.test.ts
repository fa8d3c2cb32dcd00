import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { contractCsv, readContractCsv, weightOf } from './contract-csv.js';

const read = (text: string) => readContractCsv(Readable.from([text]));

describe('contract CSV files', () => {
  it('reads rows with any column order, an empty rating, quoted fields and a BOM', async () => {
    const r = await read('\uFEFFtimestamp,item_id,user_id,rating\n1320844320,"A,1",u1,\n1320844321,B,u2,4.5\n');
    expect(r).toEqual({
      ok: true,
      value: [
        { userId: 'u1', itemId: 'A,1', rating: null, timestamp: 1320844320 },
        { userId: 'u2', itemId: 'B', rating: 4.5, timestamp: 1320844321 },
      ],
    });
  });

  it('stops at the first bad line, naming it', async () => {
    expect(await read('user_id,item_id,rating,timestamp\nu1,a,,1\nu1,b,,yesterday\n')).toEqual({ ok: false, error: 'line 3: timestamp must be a number of Unix seconds, not "yesterday"' });
    expect(await read('user_id,item_id,rating,timestamp\nu1,a,good,1\n')).toMatchObject({ ok: false, error: 'line 2: rating must be a number or empty, not "good"' });
    expect(await read('user_id,item_id,rating,timestamp\n,a,,1\n')).toMatchObject({ ok: false, error: 'line 2: user_id and item_id must not be empty' });
  });

  it('refuses a file without the contract\'s header', async () => {
    expect(await read('user,item,rating,timestamp\nu1,a,,1\n')).toEqual({ ok: false, error: 'the header lacks user_id, item_id: it must name the columns user_id,item_id,rating,timestamp' });
    expect(await read('')).toMatchObject({ ok: false, error: expect.stringContaining('the file is empty') });
  });

  it('writes what it reads', async () => {
    const rows = [{ userId: 'u"1', itemId: 'a,b', rating: null, timestamp: 5 }, { userId: 'u2', itemId: 'c', rating: 2, timestamp: 6.5 }];
    expect(await read(contractCsv(rows))).toEqual({ ok: true, value: rows });
  });

  it('weighs a row by its rating when positive, else 1 (every row is a positive interaction)', () => {
    expect([null, 0, -2, 3].map((rating) => weightOf({ userId: 'u', itemId: 'i', rating, timestamp: 0 }))).toEqual([1, 1, 1, 3]);
  });
});
