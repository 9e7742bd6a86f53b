/** Re-renders docs/benchmarks.md from docs/benchmarks.json (the last run's raw figures) without re-running. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReport, type SizeResult } from './report.js';

const docs = path.resolve(import.meta.dirname, '../docs');
const saved = JSON.parse(readFileSync(path.join(docs, 'benchmarks.json'), 'utf8')) as { date: string; hoursBack?: number; results: SizeResult[] };
const pom = readFileSync(path.resolve(import.meta.dirname, '../tools/neo4j/pom.xml'), 'utf8');
const neo4jVersion = /<neo4j.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
writeFileSync(path.join(docs, 'benchmarks.md'), renderReport(saved.results, { neo4jVersion, hoursBack: saved.hoursBack ?? 168, date: saved.date }));
console.log('wrote docs/benchmarks.md from docs/benchmarks.json');
