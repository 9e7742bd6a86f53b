import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../src/ingest/entra/pacer.js';
import { forEachLimit, chunk } from '../../../src/ingest/concurrency.js';

describe('createPacer', () => {
  it('spaces requests of a paced bucket and leaves others alone', async () => {
    let now = 1000;
    const waits: number[] = [];
    const pace = createPacer({ 'graph:ca': 1000 }, async (ms) => {
      waits.push(ms);
    }, () => now);
    await pace('graph:ca', undefined);
    await pace('graph:ca', undefined);
    await pace('graph:ca', undefined);
    await pace('graph:directory', undefined);
    expect(waits).toEqual([1000, 2000]);
    now = 10_000;
    await pace('graph:ca', undefined);
    expect(waits).toEqual([1000, 2000]);
  });
});

describe('concurrency helpers', () => {
  it('chunks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('runs with a bounded number in flight and rethrows the first failure', async () => {
    let inFlight = 0;
    let max = 0;
    const seen: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      inFlight += 1;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      seen.push(n);
      inFlight -= 1;
    });
    expect(max).toBe(2);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(forEachLimit([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('boom');
    })).rejects.toThrow('boom');
  });
});
