/**
 * Writes behind the fetch (resource.ts): a data set's batches are written in order, nodes before edges,
 * while the next pages are fetched; at most WRITES_AHEAD sealed batches wait; a failed write stops the
 * data set and nothing of it is still written once run() returned. And mapAhead (concurrency.ts), which
 * keeps Okta's per-user factor calls going across page ends.
 */
import { describe, expect, it } from 'vitest';
import { bindResource, WRITES_AHEAD, type Resource } from '../../src/ingest/resource.js';
import type { DataSetContext } from '../../src/ingest/data-set.js';
import type { Write } from '../../src/model/writes.js';
import { mapAhead } from '../../src/ingest/concurrency.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function write(name: string, kind: Write<unknown>['kind']): Write<{ id: number }> {
  return { name, kind, cypher: `// ${name}`, params: {} };
}

const writes = { nodes: write('nodes', 'node'), edges: write('edges', 'relationship') };

/** Pages of `size` ids; each id gives a node row and an edge row. */
function resource(pageCount: number, size: number, log: string[], failAt = -1): Resource<null, number[], typeof writes> {
  return {
    name: 'things',
    writes,
    counted: ['nodes'],
    batchSize: size * 2,
    async *pages() {
      for (let p = 0; p < pageCount; p += 1) {
        log.push(`fetch ${p}`);
        await sleep(2);
        if (p === failAt) throw new Error(`page ${p} failed`);
        yield Array.from({ length: size }, (_, i) => p * size + i);
      }
    },
    transform: (page) => ({ nodes: page.map((id) => ({ id })), edges: page.map((id) => ({ id })) }),
  };
}

function context(log: string[], opts: { writeMs: number; failOn?: string }): DataSetContext & { inFlight: number; maxPending: number } {
  const ctx = {
    inFlight: 0,
    maxPending: 0,
    startedAt: new Date().toISOString(),
    signal: new AbortController().signal,
    count: () => undefined,
    warn: () => undefined,
    progress: () => undefined,
    execute: async () => undefined,
    cursor: null,
    setCursor: () => undefined,
    async write<Row>(w: Write<Row>, rows: readonly Row[]): Promise<void> {
      ctx.inFlight += 1;
      if (ctx.inFlight > 1) throw new Error('two writes of one data set at once');
      const first = (rows[0] as { id: number }).id;
      log.push(`write ${w.name} ${first}`);
      await sleep(opts.writeMs);
      ctx.inFlight -= 1;
      if (opts.failOn === `${w.name} ${first}`) throw new Error(`write ${w.name} ${first} failed`);
      log.push(`wrote ${w.name} ${first}`);
    },
  };
  return ctx;
}

describe('writes behind the fetch', () => {
  it('writes every batch in order, nodes before edges, one statement at a time', async () => {
    const log: string[] = [];
    await bindResource('ENTRA_ID', resource(5, 3, log), null).run(context(log, { writeMs: 5 }));
    const writes = log.filter((l) => l.startsWith('wrote'));
    expect(writes).toEqual([0, 3, 6, 9, 12].flatMap((id) => [`wrote nodes ${id}`, `wrote edges ${id}`]));
  });

  it('fetches the next pages while a batch is written, holding at most WRITES_AHEAD batches sealed', async () => {
    const log: string[] = [];
    await bindResource('ENTRA_ID', resource(8, 2, log), null).run(context(log, { writeMs: 30 }));
    // Page 0's batch is written while later pages are fetched, not after.
    expect(log.indexOf('fetch 2')).toBeLessThan(log.indexOf('wrote edges 0'));
    // Bounded: while the first batch is written, only the pages that fill the batches allowed ahead are read.
    const fetchedBeforeFirstWrite = log.slice(0, log.indexOf('wrote edges 0')).filter((l) => l.startsWith('fetch')).length;
    expect(fetchedBeforeFirstWrite).toBeLessThanOrEqual(WRITES_AHEAD + 3);
    expect(log.filter((l) => l.startsWith('wrote')).length).toBe(16);
  });

  it('a failed write fails the data set, and no write runs after it returned', async () => {
    const log: string[] = [];
    const run = bindResource('ENTRA_ID', resource(10, 2, log), null).run(context(log, { writeMs: 5, failOn: 'nodes 4' }));
    await expect(run).rejects.toThrow('write nodes 4 failed');
    const after = log.length;
    await sleep(50);
    expect(log.length).toBe(after);
    expect(log).not.toContain('write edges 4');
    expect(log.filter((l) => l.startsWith('write nodes')).at(-1)).toBe('write nodes 4');
  });

  it('a failed page fails the data set once the batches sealed before it were written', async () => {
    const log: string[] = [];
    const ctx = context(log, { writeMs: 20 });
    await expect(bindResource('ENTRA_ID', resource(10, 2, log, 3), null).run(ctx)).rejects.toThrow('page 3 failed');
    expect(ctx.inFlight).toBe(0);
    const after = log.length;
    await sleep(50);
    expect(log.length).toBe(after);
  });
});

describe('mapAhead', () => {
  async function* source(n: number, log: string[]): AsyncGenerator<number, void, undefined> {
    try {
      for (let i = 0; i < n; i += 1) {
        log.push(`page ${i}`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  }

  it('maps the next item while the current one finishes, and yields in order', async () => {
    const log: string[] = [];
    const out: number[] = [];
    for await (const v of mapAhead(source(4, log), 2, async (i) => {
      log.push(`start ${i}`);
      await sleep(i === 0 ? 30 : 5);
      log.push(`end ${i}`);
      return i * 10;
    })) out.push(v);
    expect(out).toEqual([0, 10, 20, 30]);
    // Item 1 started before item 0 ended: no pause at the end of an item.
    expect(log.indexOf('start 1')).toBeLessThan(log.indexOf('end 0'));
  });

  it('throws a failure in its turn and lets the calls in flight settle before closing the source', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    await expect(async () => {
      for await (const v of mapAhead(source(5, log), 2, async (i) => {
        await sleep(i === 1 ? 1 : 20);
        if (i === 1) throw new Error('item 1 failed');
        log.push(`end ${i}`);
        return i;
      })) seen.push(v);
    }).rejects.toThrow('item 1 failed');
    expect(seen).toEqual([0]);
    expect(log).toContain('closed');
    const settled = log.length;
    await sleep(40);
    expect(log.length).toBe(settled);
  });
});
