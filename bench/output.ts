/**
 * Writes a run's outputs into the docs folder (or BENCH_OUT): benchmarks.json (the raw figures), benchmarks.md
 * (the report, with the hand-written profile summary from benchmarks-profile.md included verbatim) and
 * benchmarks.svg (the growth chart). Shared by `npm run bench` and `npm run bench:report`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderChart } from './chart.js';
import { GOAL_PEOPLE, LARGE_RUN_FILE, PROFILE_SUMMARY_FILE, renderReport, type ReportMeta, type SizeResult } from './report.js';

export const DOCS = path.resolve(import.meta.dirname, '../docs');

/** BENCH_OUT (for trial runs that must not overwrite the committed report) or docs/. */
export function outputDir(): string {
  const out = process.env.BENCH_OUT?.trim();
  return out ? path.resolve(out) : DOCS;
}

export interface SavedRun {
  date: string;
  hoursBack?: number;
  apiNodeOptions?: string;
  /** Requests per latency figure. Absent in runs from before it was recorded (3 warm-ups, 20 timed). */
  latencySamples?: { warmUps: number; timed: number };
  results: SizeResult[];
  /** Sizes that did not complete, and why. */
  failures?: Array<{ people: number; message: string }>;
}

export function neo4jVersion(): string {
  const pom = readFileSync(path.resolve(import.meta.dirname, '../tools/neo4j/pom.xml'), 'utf8');
  return /<neo4j.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
}

/** The hand-written profile summary: from the output dir if it has one, else from docs/. */
function profileSummary(dir: string): string | undefined {
  for (const file of [path.join(dir, PROFILE_SUMMARY_FILE), path.join(DOCS, PROFILE_SUMMARY_FILE)]) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return undefined;
}

/** The goal's size run on its own (bench:large's largest size) beside this report, if this run stops below it. */
function largeRun(dir: string, run: SavedRun): Pick<ReportMeta, 'largeRun'> {
  const file = LARGE_RUN_FILE;
  const full = path.join(dir, file);
  if (!existsSync(full) || run.results.some((r) => r.people >= GOAL_PEOPLE)) return {};
  const large = JSON.parse(readFileSync(full, 'utf8')) as SavedRun;
  const result = large.results.find((r) => r.people >= GOAL_PEOPLE);
  return result ? { largeRun: { result, file, ...(large.apiNodeOptions === undefined ? {} : { apiNodeOptions: large.apiNodeOptions }) } } : {};
}

export async function writeOutputs(dir: string, run: SavedRun, { json }: { json: boolean }): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    writeFileSync(path.join(dir, name), text);
    written.push(path.join(dir, name));
  };
  if (json) write('benchmarks.json', JSON.stringify(run, null, 2) + '\n');
  const meta: ReportMeta = {
    neo4jVersion: neo4jVersion(),
    hoursBack: run.hoursBack ?? 168,
    date: run.date,
    ...(run.apiNodeOptions === undefined ? {} : { apiNodeOptions: run.apiNodeOptions }),
    ...(run.latencySamples === undefined ? {} : { latencySamples: run.latencySamples }),
    ...(run.failures?.length ? { failures: run.failures } : {}),
    ...(profileSummary(dir) === undefined ? {} : { profileSummary: profileSummary(dir) }),
    ...largeRun(dir, run),
  };
  write('benchmarks.md', renderReport(run.results, meta));
  write('benchmarks.svg', await renderChart(run.results));
  return written;
}
