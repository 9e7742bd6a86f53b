import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/ingest/read-ahead.js';

async function* pages(log: string[], n: number, failAt = -1): AsyncGenerator<number, void, undefined> {
  try {
    for (let i = 0; i < n; i += 1) {
      log.push(`fetch ${i}`);
      await new Promise((r) => setTimeout(r, 5));
      if (i === failAt) throw new Error(`page ${i} failed`);
      yield i;
    }
  } finally {
    log.push('closed');
  }
}

describe('readAhead', () => {
  it('fetches the next page while the consumer works on this one, in order', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const p of readAhead(pages(log, 3))) {
      log.push(`load ${p}`);
      await new Promise((r) => setTimeout(r, 20));
      seen.push(p);
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(log.indexOf('fetch 1')).toBeLessThan(log.indexOf('load 0') + 2);
    expect(log.indexOf('fetch 1')).toBeLessThan(log.indexOf('load 1'));
    expect(log).toContain('closed');
  });

  it('surfaces a failed page when the consumer reaches it', async () => {
    const seen: number[] = [];
    await expect(async () => {
      for await (const p of readAhead(pages([], 5, 2))) seen.push(p);
    }).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([0, 1]);
  });

  it('closes the source when the consumer stops early', async () => {
    const log: string[] = [];
    for await (const p of readAhead(pages(log, 10))) if (p === 1) break;
    expect(log).toContain('closed');
    expect(log.filter((l) => l.startsWith('fetch')).length).toBeLessThanOrEqual(3);
  });
});
