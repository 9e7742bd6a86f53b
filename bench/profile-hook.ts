/**
 * Loaded into the API process by bench/profile-sync.ts (`--import`): times every Cypher statement the
 * process sends, by statement, and writes the totals to PROFILE_STATEMENTS_OUT.<n>.json on SIGUSR2 (then
 * starts counting afresh) and when the process exits.
 * The product's code is not changed: Graph's methods are wrapped here.
 */
import { writeFileSync } from 'node:fs';
import { Graph } from '../src/neo4j/driver.js';

interface Stat {
  calls: number;
  ms: number;
  rows: number;
}

const stats = new Map<string, Stat>();
const out = process.env.PROFILE_STATEMENTS_OUT;

function label(cypher: string): string {
  return cypher.replace(/\s+/g, ' ').slice(0, 160);
}

function note(cypher: string, params: Record<string, unknown> | undefined, ms: number): void {
  const key = label(cypher);
  const s = stats.get(key) ?? { calls: 0, ms: 0, rows: 0 };
  s.calls += 1;
  s.ms += ms;
  const rows = params?.rows;
  if (Array.isArray(rows)) s.rows += rows.length;
  stats.set(key, s);
}

type Method = (this: Graph, cypher: string, params?: Record<string, unknown>) => Promise<unknown>;

function wrap(name: 'read' | 'write' | 'writeAutoCommit'): void {
  const proto = Graph.prototype as unknown as Record<string, Method>;
  const original = proto[name];
  if (!original) return;
  proto[name] = async function timed(this: Graph, cypher: string, params?: Record<string, unknown>): Promise<unknown> {
    const t0 = performance.now();
    try {
      return await original.call(this, cypher, params);
    } finally {
      note(cypher, params, performance.now() - t0);
    }
  };
}

if (out) {
  wrap('read');
  wrap('write');
  wrap('writeAutoCommit');
  let n = 0;
  const dump = (): void => {
    const rows = [...stats.entries()].map(([statement, s]) => ({ statement, ...s })).sort((a, b) => b.ms - a.ms);
    writeFileSync(`${out}.${n}.json`, JSON.stringify(rows, null, 1));
    n += 1;
    stats.clear();
  };
  process.on('SIGUSR2', dump);
  process.on('exit', dump);
}
