/**
 * `npm run bench:report`: re-renders docs/benchmarks.md and docs/benchmarks.svg from docs/benchmarks.json (the last
 * run's raw figures) without re-running, e.g. after editing docs/benchmarks-profile.md. BENCH_OUT reads and writes
 * another folder instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { outputDir, writeOutputs, type SavedRun } from './output.js';

const dir = outputDir();
const saved = JSON.parse(readFileSync(path.join(dir, 'benchmarks.json'), 'utf8')) as SavedRun;
const written = await writeOutputs(dir, saved, { json: false });
console.log(`wrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')} from ${path.relative(process.cwd(), path.join(dir, 'benchmarks.json'))}`);
