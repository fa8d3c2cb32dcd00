import { describe, expect, it } from 'vitest';
import { localTimeParts } from './rule-functions.js';

/** The local time as Intl gives it, read afresh each time. */
function reference(timeZone: string, atMs: number): { hour: number; minute: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' }).formatToParts(atMs);
  const value = (type: string) => parts.find((p) => p.type === type)!.value;
  return { hour: Number(value('hour')), minute: Number(value('minute')), weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(value('weekday')) + 1 };
}

describe('localTimeParts', () => {
  it('gives the local time of every second across a change of summer time, asked in any order', () => {
    // Clocks in London went forward at 01:00 UTC on 29 March 2026, and back at 01:00 UTC on 25 October 2026.
    const instants: number[] = [];
    for (const change of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)]) for (let s = -150; s <= 150; s += 7) instants.push(change + s * 1000);
    for (const zone of ['Europe/London', 'Asia/Kolkata', 'America/St_Johns']) {
      for (const at of [...instants, ...instants.reverse()]) expect(localTimeParts(zone, at), `${zone} ${new Date(at).toISOString()}`).toEqual(reference(zone, at));
    }
  });

  it('answers null for an unknown time zone, and a copy the caller may change', () => {
    expect(localTimeParts('Mars/Olympus', Date.UTC(2026, 0, 1))).toBeNull();
    const a = localTimeParts('Europe/Paris', Date.UTC(2026, 0, 1, 12))!;
    a.hour = 99;
    expect(localTimeParts('Europe/Paris', Date.UTC(2026, 0, 1, 12))!.hour).toBe(13);
  });
});
