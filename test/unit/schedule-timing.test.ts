/** When scheduled syncs run and when they are FULL (src/integrations/schedule-timing.ts): pure arithmetic. */
import { describe, expect, it } from 'vitest';
import { maxJitterMs, needsFull, nextDelayMs } from '../../src/integrations/schedule-timing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the next run', () => {
  it('comes everyMinutes from now, moved by up to a tenth of the interval, at most a minute, either way', () => {
    expect(maxJitterMs(5, MINUTE)).toBe(30_000);
    expect(maxJitterMs(10, MINUTE)).toBe(MINUTE);
    expect(maxJitterMs(1440, MINUTE)).toBe(MINUTE);
    expect(nextDelayMs(5, MINUTE, () => 0)).toBe(5 * MINUTE - 30_000);
    expect(nextDelayMs(5, MINUTE, () => 0.5)).toBe(5 * MINUTE);
    expect(nextDelayMs(1440, MINUTE, () => 0.999999)).toBeCloseTo(1440 * MINUTE + MINUTE, -1);
    for (let i = 0; i < 1000; i += 1) {
      const d = nextDelayMs(60, MINUTE);
      expect(d).toBeGreaterThanOrEqual(59 * MINUTE);
      expect(d).toBeLessThanOrEqual(61 * MINUTE);
    }
  });

  it('scales with the schedule minute (TWIN_SCHEDULE_MINUTE_MS, tests only)', () => {
    expect(nextDelayMs(5, 200, () => 0.5)).toBe(1000);
    expect(maxJitterMs(5, 200)).toBe(100);
  });
});

describe('FULL or incremental', () => {
  const now = Date.parse('2026-12-10T12:00:00Z');
  const hourly = { everyMinutes: 60, fullEveryHours: 24 };

  it('is FULL when no FULL run ever succeeded', () => {
    expect(needsFull(hourly, null, now, MINUTE)).toBe(true);
  });

  it('is incremental while the last FULL run stays within fullEveryHours until the next run', () => {
    expect(needsFull(hourly, now - HOUR, now, MINUTE)).toBe(false);
    expect(needsFull(hourly, now - 22 * HOUR, now, MINUTE)).toBe(false);
  });

  it('is FULL when waiting for the next run (interval and jitter) would let the last FULL run grow older than fullEveryHours', () => {
    expect(needsFull(hourly, now - 23 * HOUR, now, MINUTE)).toBe(true);
    expect(needsFull(hourly, now - 25 * HOUR, now, MINUTE)).toBe(true);
  });

  it('is always FULL when the interval is as long as the FULL cadence', () => {
    expect(needsFull({ everyMinutes: 24 * 60, fullEveryHours: 24 }, now - MINUTE, now, MINUTE)).toBe(true);
  });
});
