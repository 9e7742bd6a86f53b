/** docs/benchmarks.md: every figure of one run, side by side, with the goals and what limits each. */
import os from 'node:os';

export interface RunFigures { id?: string; status: string; mode?: string; startedAt: string; finishedAt: string | null; counts: Array<{ dataSet: string; count: number; durationMs: number; mode?: string; startedAt?: string | null }>; errors: Array<{ dataSet: string; code: string | null; message: string }> }

/** One provider's daily case: the incremental sync after a scripted day, beside the full re-sync before it. */
export interface DailyFigures {
  run: RunFigures;
  requests: number;
  /** Requests of the full re-sync of the same tenant (the day before). */
  fullRequests: number;
  /** Changes the scripted day made (Entra: users touched; Okta: every change, sign-ins included). */
  changes: number;
}

export interface SizeResult {
  people: number;
  generateMs: number;
  entraRun: RunFigures;
  oktaRun: RunFigures;
  /** The same tenant synced a second time. Absent in reports from before it was measured. */
  entraResync?: RunFigures;
  oktaResync?: RunFigures;
  /** The daily case (issue 11). Absent in reports from before incremental sync. */
  daily?: { entra: DailyFigures; okta: DailyFigures };
  entraRequests: number;
  oktaRequests: number;
  bareEntra: { ms: number; requests: number };
  bareOkta: { ms: number; requests: number };
  peakRssMiB: number;
  /** Peak RSS once the four syncs were done, before the query latency runs. */
  peakRssAfterSyncsMiB?: number;
  posture: { p50: number; p95: number; statements: number };
  nested: { p50: number; p95: number; statements: number };
  /** people(first: 50, search: <a common substring>). Absent in reports from before it was measured. */
  search?: { p50: number; p95: number; statements: number; term: string; totalCount: number };
  /** The Neo4j under test, once this size was loaded (local launcher only; absent otherwise). */
  neo4j?: Neo4jFigures;
  statements: { first10: number; first100: number };
  summary: Record<string, number>;
  /** CPU of the first syncs and of the bare fetches (the bench process's). Absent in reports from before it was measured. */
  cpu?: { entra: SyncCpu; okta: SyncCpu; bareEntraS: number; bareOktaS: number };
  /** The warm-up before the measured syncs. Absent when skipped, and in reports from before it ran. */
  warmUp?: WarmUpFigures;
  /** The enrichment passes each sync ran, by run id, as the API logged them. Absent in reports from before they were kept. */
  enrichment?: Record<string, EnrichmentPass[]>;
  /** Neo4j's write floor per provider. Absent in reports from before it was measured. */
  writeFloor?: {
    entra: WriteFloorFigures;
    okta: WriteFloorFigures;
    /** The twin's own layer (people, HAS_ACCOUNT, findings, summary). Absent in reports from before it was measured. */
    twin?: WriteFloorFigures;
  };
}

/** One enrichment pass of a sync, from the API's 'twin enriched' log line. */
export interface EnrichmentPass {
  /** WHILE_LOADING (beside the data sets after the users) or AFTER_SYNC. */
  stage: string;
  mode: string;
  changed: number;
  scope: number;
  /** Accounts whose sign-in dates alone were updated. */
  activity: number;
  /** Wall time, the wait for the twin's lock included. */
  ms: number;
}

/** CPU seconds each process spent during one sync (Linux /proc; a figure is absent where it could not be read). */
export interface SyncCpu {
  apiS?: number;
  neo4jS?: number;
  /** Of neo4jS, the JIT compiler's threads (at least: a compiler thread that ended took its time along). */
  neo4jJitS?: number;
  /** The bench's own process: the simulators serving the pages (and the status polls). */
  simulatorsS: number;
}

/** The small tenant's first syncs on the just-started Neo4j before a size's measured syncs (bench/run.ts warmUp). */
export interface WarmUpFigures {
  people: number;
  entraMs: number;
  oktaMs: number;
  entra: SyncCpu;
  okta: SyncCpu;
}

/** Neo4j's write floor for one provider's data (write-floor.ts). */
export interface WriteFloorFigures {
  nodes: number;
  relationships: number;
  ms: number;
  neo4jCpuS?: number;
  /**
   * The same replay while the bare client fetched the provider's pages again on the same cores: `ms` until both
   * had finished (the lowest time a sync that fetches and writes here can take), `fetchMs` of the fetch alone.
   * Absent in reports from before it was measured.
   */
  withFetch?: { ms: number; fetchMs: number };
}

export interface Neo4jFigures {
  /** Store files and indexes of all databases on disk (DIR/data/databases) once this size was loaded and queried, after a restart's checkpoint. */
  storeMiB?: number;
  /** Transaction logs on disk (DIR/data/transactions). */
  txLogsMiB?: number;
  /** VmHWM of the Neo4j process: its peak RSS while this size ran (the bench restarts it before each size). */
  peakRssMiB?: number;
  heapMiB?: number;
  pageCacheMiB?: number;
  txTotalMaxMiB?: number;
}

/** How the Neo4j under test was sized, for the report's header. */
export interface Neo4jSetup { heapMiB?: number; pageCacheMiB?: number; txTotalMaxMiB?: number; apiNodeOptions?: string }

/** "12.3 s vs 69.6 s = 0.18 (1,234 vs 5,678 req = 0.22)": the daily incremental sync against the full re-sync. */
function dailyCell(d: DailyFigures | undefined, full: RunFigures | undefined): string {
  if (!d || !full) return 'n/a';
  const t = wall(d.run);
  const f = wall(full);
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${(t / 1000).toFixed(1)} s vs ${(f / 1000).toFixed(1)} s = ${(t / f).toFixed(2)} (${n(d.requests)} vs ${n(d.fullRequests)} req = ${(d.requests / d.fullRequests).toFixed(2)}; ${d.run.mode ?? 'FULL'}, ${n(d.changes)} changes)`;
}

export const wall = (r: RunFigures): number => Date.parse(r.finishedAt ?? r.startedAt) - Date.parse(r.startedAt);
/**
 * Wall time not spent inside a data set: authentication before, enrichment after. Data sets that ran beside
 * others (SyncCount.startedAt) end at the last one's end; runs recorded before it ran them one after the other.
 */
export function afterDataSets(r: RunFigures): number {
  const starts = r.counts.map((c) => (c.startedAt ? Date.parse(c.startedAt) : NaN));
  if (r.counts.length === 0 || starts.some((t) => Number.isNaN(t))) return wall(r) - r.counts.reduce((sum, c) => sum + c.durationMs, 0);
  const first = Math.min(...starts);
  const last = Math.max(...r.counts.map((c, i) => (starts[i] as number) + c.durationMs));
  return wall(r) - (last - first);
}

/** The after-sync share of each kind of run that was measured: first, full re-sync, daily incremental. */
const afterKinds = (r: SizeResult): Array<{ kind: string; entra: RunFigures; okta: RunFigures }> => [
  { kind: 'first sync', entra: r.entraRun, okta: r.oktaRun },
  ...(r.entraResync && r.oktaResync ? [{ kind: 're-sync', entra: r.entraResync, okta: r.oktaResync }] : []),
  ...(r.daily ? [{ kind: 'daily', entra: r.daily.entra.run, okta: r.daily.okta.run }] : []),
];
const afterCell = (r: SizeResult): string =>
  afterKinds(r)
    .map((k) => `${k.kind}: Entra ${s1(afterDataSets(k.entra))} (${pct(afterDataSets(k.entra), wall(k.entra))}), Okta ${s1(afterDataSets(k.okta))} (${pct(afterDataSets(k.okta), wall(k.okta))})`)
    .join('; ');
const afterStatus = (r: SizeResult): string => {
  const met = afterKinds(r).filter((k) => Math.max(afterDataSets(k.entra) / wall(k.entra), afterDataSets(k.okta) / wall(k.okta)) <= 0.1).map((k) => k.kind);
  if (met.length === afterKinds(r).length) return MET;
  return met.length === 0 ? NOT_MET : `${NOT_MET} for the ${afterKinds(r).filter((k) => !met.includes(k.kind)).map((k) => k.kind).join(' and ')}; met for the ${met.join(' and ')}`;
};
/** Each kind of run's enrichment passes, as the API logged them: "daily: Entra while loading CHANGES (10,734 changed, scope 1,207) 1.2 s + after CHANGES (…) 0.4 s; …". */
const passesCell = (r: SizeResult): string => {
  const log = r.enrichment;
  if (!log) return 'n/a';
  const stage = (p: EnrichmentPass): string => (p.stage === 'WHILE_LOADING' ? 'while loading' : 'after');
  const one = (run: RunFigures): string =>
    (run.id ? log[run.id] ?? [] : []).map((p) => `${stage(p)} ${p.mode} (${f0(p.changed)} changed, scope ${f0(p.scope)}, dates ${f0(p.activity)}) ${s1(p.ms)}`).join(' + ') || 'none logged';
  return afterKinds(r).map((k) => `${k.kind}: Entra ${one(k.entra)}; Okta ${one(k.okta)}`).join('. ');
};
const ds = (r: RunFigures, name: string) => r.counts.find((c) => c.dataSet === name);
const perSec = (count: number | undefined, msv: number | undefined): number => (count && msv ? (count / msv) * 1000 : NaN);
const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const s1 = (msv: number): string => `${(msv / 1000).toFixed(1)} s`;

function row(label: string, values: string[], goal = ''): string {
  return `| ${label} | ${values.join(' | ')} | ${goal} |`;
}

const people = (n: number): string => n.toLocaleString('en-US');
/** Milliseconds: one decimal below 10 ms, where the goals are. */
const fms = (n: number): string => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : f0(n)) : 'n/a');
const pct = (part: number, whole: number): string => `${Math.round((part / whole) * 100)}%`;
const mib = (n: number | undefined): string => (n === undefined ? 'n/a' : `${f0(n)} MiB`);
const cores = os.cpus().length;
/** "10.9 / 45.7 / 3.8 s (95% of 2 cores)": a sync's CPU by process, and how busy it kept the machine's cores. */
function cpuCell(c: SyncCpu | undefined, run: RunFigures, bareS: number | undefined): string {
  if (!c) return 'n/a';
  const one = (x: number | undefined): string => (x === undefined ? 'n/a' : x.toFixed(1));
  const neo4j = `${one(c.neo4jS)}${c.neo4jJitS === undefined ? '' : ` (JIT ${one(c.neo4jJitS)})`}`;
  return `${one(c.apiS)} / ${neo4j} / ${one(c.simulatorsS)} s (${busyShare(c, run)} of ${cores} cores)${bareS === undefined ? '' : `; the bare fetch ${bareS.toFixed(1)} s`}`;
}
/** The share of the machine's CPU time over the sync's wall time that the three processes used. */
const busyShare = (c: SyncCpu, run: RunFigures): string =>
  pct([c.apiS, c.neo4jS, c.simulatorsS].reduce<number>((sum, x) => sum + (x ?? 0), 0) * 1000, wall(run) * cores);
function warmUpCell(w: WarmUpFigures): string {
  const sum = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a + b);
  const cpu = sum(w.entra.neo4jS, w.okta.neo4jS);
  const jit = sum(w.entra.neo4jJitS, w.okta.neo4jJitS);
  return `${people(w.people)} people: ${s1(w.entraMs)} + ${s1(w.oktaMs)}; Neo4j ${cpu === undefined ? 'n/a' : `${cpu.toFixed(1)} CPU s`}${jit === undefined ? '' : ` (JIT ${jit.toFixed(1)})`}`;
}
/** Neo4j's write floor alone over the bare fetch. */
const floorRatio = (f: WriteFloorFigures, bareMs: number): number => f.ms / bareMs;
/**
 * The lowest sync / bare ratio this machine allows: the floor's writes and the fetch side by side on the same cores
 * (until both finished), or, in reports from before that was measured, the writes alone.
 */
const machineFloorRatio = (f: WriteFloorFigures, bareMs: number): number => (f.withFetch?.ms ?? f.ms) / bareMs;
/** A floor's time, what it created and Neo4j's CPU; with its ratio to the bare fetch when there is one to compare. */
function floorCell(f: WriteFloorFigures | undefined, bareMs?: number): string {
  if (!f) return 'n/a';
  const ratio = bareMs === undefined ? '' : ` = ${f2(floorRatio(f, bareMs))}`;
  const cpu = f.neo4jCpuS === undefined ? '' : ` (Neo4j ${f.neo4jCpuS.toFixed(1)} CPU s)`;
  const beside =
    f.withFetch && bareMs !== undefined
      ? `; beside the fetch of the same pages: ${s1(f.withFetch.ms)} until both finished = ${f2(machineFloorRatio(f, bareMs))} (the fetch took ${s1(f.withFetch.fetchMs)})`
      : '';
  return `${s1(f.ms)} for ${f0(f.nodes)} nodes and ${f0(f.relationships)} relationships${ratio}${cpu}${beside}`;
}

/**
 * The after-sync goal's floor: creating the twin's own layer bare, against the first syncs' work after their data
 * sets (which built that layer: the Entra pass its people, the Okta pass joined Okta's accounts to them).
 */
function twinFloorSentence(r: SizeResult): string {
  const f = r.writeFloor?.twin;
  if (!f) return '';
  const after = afterDataSets(r.entraRun) + afterDataSets(r.oktaRun);
  return (
    ` What the work after a first sync's data sets has to create is itself a graph the size of a provider's: at ${people(r.people)} people, the twin's own layer (${f0(f.nodes)} people, findings and summary, ${f0(f.relationships)} \`HAS_ACCOUNT\` edges) takes ${s1(f.ms)} to create bare in this Neo4j (write-floor.ts), ` +
    `${pct(f.ms, wall(r.entraRun))} of the Entra first sync and ${pct(f.ms, wall(r.oktaRun))} of the Okta one; both first syncs' work after their data sets took ${s1(after)} together (${f2(after / f.ms)}× that floor). ` +
    (Math.max(f.ms / wall(r.entraRun), f.ms / wall(r.oktaRun)) > 0.1
      ? 'Done after the data sets, creating that layer alone is more than a tenth of a first sync on this machine: the goal needs it built during the data sets, behind the fetch.'
      : 'Creating that layer alone fits in a tenth of a first sync: the distance is the work around it (the reads, the computation, the diffs).')
  );
}

/** After a ratio goal's status: what Neo4j alone needs, and with the fetch beside it, when they were measured. */
function floorNote(f: WriteFloorFigures | undefined, bareMs: number): string {
  if (!f) return '';
  const alone = `creating the same graph bare in this Neo4j takes ${f2(floorRatio(f, bareMs))}× the fetch`;
  return f.withFetch
    ? `; ${alone}, and ${f2(machineFloorRatio(f, bareMs))}× with the fetch beside it on the same cores (the write floor, below)`
    : `; ${alone} (the write floor, below)`;
}
const MET = 'met';
const NOT_MET = '**not met**';

/** The size issue 10 states its figures at, and the one it wants measured too. */
const REFERENCE_PEOPLE = 100_000;
export const GOAL_PEOPLE = 300_000;
/** The goal size run on its own (`npm run bench:large`'s largest size), kept beside the report. */
export const LARGE_RUN_FILE = 'benchmarks-300k.json';

/** The file beside docs/benchmarks.md whose text "What limits it" includes verbatim (hand-written from profiles). */
export const PROFILE_SUMMARY_FILE = 'benchmarks-profile.md';

export interface ReportMeta {
  neo4jVersion: string;
  hoursBack: number;
  date: string;
  /** How the API process was run (its Node options). Absent in reports from before it was recorded. */
  apiNodeOptions?: string;
  /** Requests per latency figure: untimed warm-ups, then timed ones. */
  latencySamples?: { warmUps: number; timed: number };
  /** The text of docs/benchmarks-profile.md, if there is one. */
  profileSummary?: string;
  /** Sizes that did not complete, and why. */
  failures?: Array<{ people: number; message: string }>;
  /**
   * The goal's size run on its own (`benchmarks-300k.json` beside this report, as bench:large's largest size
   * with its own Neo4j and API settings), when this run's sizes stop below it.
   */
  largeRun?: { result: SizeResult; file: string; apiNodeOptions?: string };
}

/** The hand-written summary without its HTML comments (the file's own instructions); undefined when nothing is left. */
export function profileSummaryText(text: string | undefined): string | undefined {
  const kept = text?.replace(/<!--[\s\S]*?-->/g, '').trim();
  return kept ? kept : undefined;
}

function neo4jSetup(results: SizeResult[]): string {
  const n = results.find((r) => r.neo4j?.heapMiB !== undefined)?.neo4j;
  if (!n) return 'memory settings not recorded in this run';
  return `${mib(n.heapMiB)} heap, ${mib(n.pageCacheMiB)} page cache, transactions together at most ${mib(n.txTotalMaxMiB)}`;
}

/** Issue 10's table: each figure it names, now (at 100k people and any larger size run) beside its goal. */
function issueTable(results: SizeResult[], failures: Array<{ people: number; message: string }> = [], large?: ReportMeta['largeRun']): string {
  const byPeople = [...results].sort((a, b) => a.people - b.people);
  const largeRef = large ? `a run of its own: [${large.file.replace(/\.json$/, '.md')}](${large.file.replace(/\.json$/, '.md')})${large.apiNodeOptions ? `, API ${large.apiNodeOptions}` : ''}` : '';
  const largest = byPeople[byPeople.length - 1] as SizeResult;
  const shown = byPeople.filter((r) => r.people >= REFERENCE_PEOPLE);
  const cols = shown.length > 0 ? shown : [largest];
  const entraRatio = (r: SizeResult): number => wall(r.entraRun) / r.bareEntra.ms;
  const oktaRatio = (r: SizeResult): number => wall(r.oktaRun) / r.bareOkta.ms;
  const status = (ok: boolean | undefined): string => (ok === undefined ? 'not measured' : ok ? MET : NOT_MET);
  const rssOk = results.every((r) => r.peakRssMiB < 1024);
  const rows: Array<[string, (r: SizeResult) => string, string, string]> = [
    ['Entra first sync / bare fetch of the same pages', (r) => f2(entraRatio(r)), '≤ 1.3', status(entraRatio(largest) <= 1.3) + floorNote(largest.writeFloor?.entra, largest.bareEntra.ms)],
    ['Okta first sync / bare fetch', (r) => f2(oktaRatio(r)), '≤ 1.3', status(oktaRatio(largest) <= 1.3) + floorNote(largest.writeFloor?.okta, largest.bareOkta.ms)],
    ['work after the data sets (resolution + posture facts + snapshot), share of the sync', afterCell, '≤ 10% of the sync', afterStatus(largest)],
    ['`identityPosture` p50 / p95, warm', (r) => `${fms(r.posture.p50)} / ${fms(r.posture.p95)} ms`, '≤ 20 ms / 50 ms', status(largest.posture.p50 <= 20 && largest.posture.p95 <= 50)],
    [
      '`people(search:)` p95',
      (r) => (r.search ? `${fms(r.search.p95)} ms` : 'not measured'),
      '≤ 30 ms',
      status(largest.search ? largest.search.p95 <= 30 : undefined),
    ],
    ['nested explorer, 50 people, p95', (r) => `${fms(r.nested.p95)} ms`, '≤ 50 ms', status(largest.nested.p95 <= 50)],
    [
      'peak RSS of the API',
      (r) => mib(r.peakRssMiB),
      `< 1 GiB, also at ${people(GOAL_PEOPLE)} people`,
      largest.people >= GOAL_PEOPLE
        ? status(rssOk)
        : !rssOk
          ? NOT_MET
          : large
            ? large.result.peakRssMiB < 1024
              ? `${MET}, also at ${people(large.result.people)}: ${mib(large.result.peakRssMiB)} (${largeRef})`
              : `${MET} up to ${people(largest.people)}; ${NOT_MET} at ${people(large.result.people)}: ${mib(large.result.peakRssMiB)} (${largeRef})`
          : `${MET} up to ${people(largest.people)}; ${people(GOAL_PEOPLE)} ${failures.some((f) => f.people >= GOAL_PEOPLE) ? 'failed (see below)' : 'not run'}`,
    ],
    [
      'largest size benchmarked',
      (r) => (r === largest ? people(r.people) : ''),
      people(GOAL_PEOPLE),
      largest.people >= GOAL_PEOPLE
        ? MET
        : large && large.result.people >= GOAL_PEOPLE
          ? `${MET}: ${people(large.result.people)} (${largeRef})`
          : failures.some((f) => f.people >= GOAL_PEOPLE)
          ? `${NOT_MET} (${people(Math.max(...failures.map((f) => f.people)))} failed: see below)`
          : `${NOT_MET} (opt-in: \`npm run bench:large\`)`,
    ],
  ];
  return [
    `| figure | ${cols.map((r) => `now, ${people(r.people)} people`).join(' | ')} | goal | at ${people(largest.people)} |`,
    `|---|${cols.map(() => '---:').join('|')}|---|---|`,
    ...rows.map(([label, value, goal, st]) => `| ${label} | ${cols.map(value).join(' | ')} | ${goal} | ${st} |`),
    ...(failures.length ? ['', ...failures.map((f) => `**Not measured: ${people(f.people)} people.** The run of this size failed: ${f.message}.`)] : []),
  ].join('\n');
}

/** What the figures themselves say about where the time and memory go (the profile summary adds the why). */
function fromTheFigures(results: SizeResult[]): string[] {
  const r = [...results].sort((a, b) => a.people - b.people)[results.length - 1] as SizeResult;
  const slowest = (run: RunFigures): string => {
    const top = [...run.counts].sort((a, b) => b.durationMs - a.durationMs).slice(0, 2);
    return top.map((c) => `${c.dataSet} ${s1(c.durationMs)} (${pct(c.durationMs, wall(run))})`).join(', ');
  };
  const oktaUsers = ds(r.oktaRun, 'users')?.count;
  const lines = [
    `- At ${people(r.people)} people the first syncs spend most in: Entra ${slowest(r.entraRun)}; Okta ${slowest(r.oktaRun)}; after the data sets (sign-in, identity resolution, posture snapshot) Entra ${s1(afterDataSets(r.entraRun))} (${pct(afterDataSets(r.entraRun), wall(r.entraRun))}), Okta ${s1(afterDataSets(r.oktaRun))} (${pct(afterDataSets(r.oktaRun), wall(r.oktaRun))}).`,
    `- The bare client fetches the same pages with the same concurrency and does nothing with them: Entra ${s1(r.bareEntra.ms)}, Okta ${s1(r.bareOkta.ms)}. The difference to the sync is the connectors' own work (transforms, Neo4j writes, cleanup, enrichment), on the same ${os.cpus().length} cores as the simulators and Neo4j, so the ratio is an upper bound of what a real tenant (whose latency is the provider's) shows.`,
    ...(oktaUsers ? [`- Okta: the sync made ${f0(r.oktaRequests)} requests for ${f0(oktaUsers)} users (one factors call per user); against a real org its rate limit bounds them, and the connector paces itself by X-Rate-Limit-Remaining.`] : []),
    `- Cypher statements per request, by size (${results.map((x) => people(x.people)).join(' / ')}): nested explorer at first 10 and 100 ${results.map((x) => `${x.statements.first10} and ${x.statements.first100}`).join(' / ')}; identityPosture ${results.map((x) => x.posture.statements).join(' / ')}${r.search ? `; people(search:) ${results.map((x) => (x.search ? x.search.statements : 'n/a')).join(' / ')}` : ''}.`,
  ];
  const n = r.neo4j;
  if (n?.storeMiB !== undefined && n.pageCacheMiB !== undefined) {
    lines.push(
      `- Neo4j: the store is ${mib(n.storeMiB)} on disk at ${people(r.people)} people, the page cache ${mib(n.pageCacheMiB)}: ${n.storeMiB * 1.2 <= n.pageCacheMiB ? 'the whole store fits in memory' : n.storeMiB <= n.pageCacheMiB ? 'the store fits, with less than 20% to spare' : '**the store does not fit**, so reads and writes go to disk (see "Neo4j sizing")'}.`,
    );
  }
  return lines;
}

function sizingSection(results: SizeResult[]): string {
  const measured = results.filter((r) => r.neo4j?.storeMiB !== undefined);
  if (measured.length === 0) return 'Not measured in this run (the Neo4j under test was not the local launcher).';
  const recommended = (store: number): string => `${f0(Math.ceil((store * 1.2) / 128) * 128)} MiB`;
  return [
    '| people | store on disk | transaction logs | Neo4j peak RSS | page cache | page cache for the store (1.2 × store) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...measured.map((r) => {
      const n = r.neo4j as Neo4jFigures;
      return `| ${people(r.people)} | ${mib(n.storeMiB)} | ${mib(n.txLogsMiB)} | ${mib(n.peakRssMiB)} | ${mib(n.pageCacheMiB)} | ${recommended(n.storeMiB as number)} |`;
    }),
    '',
    'The store is everything under the data dir\'s `data/databases` (record stores and indexes of both databases) once the size was synced and queried, measured after a restart (its shutdown checkpoint writes out what the page cache and the transaction logs still held); the bench restarts Neo4j before each size, so its peak RSS is of that size alone. Neo4j\'s own guidance (`neo4j-admin server memory-recommendation`) sizes the page cache to the store plus growth; the README\'s "Sizing Neo4j" turns these figures into settings.',
  ].join('\n');
}

/** The goal's physical limit, measured: the write floor and the CPU the first syncs kept busy. */
function writeFloorSentence(r: SizeResult): string {
  const f = r.writeFloor;
  if (!f) return '';
  const dataSets = (run: RunFigures): number => wall(run) - afterDataSets(run);
  const reachable = machineFloorRatio(f.entra, r.bareEntra.ms) <= 1.3 && machineFloorRatio(f.okta, r.bareOkta.ms) <= 1.3;
  const beside =
    f.entra.withFetch && f.okta.withFetch
      ? `Run a third time while the bare client fetched the same pages again, so that both shared the ${cores} cores as in a sync, the same writes and the fetch needed ${s1(f.entra.withFetch.ms)} (Entra) and ${s1(f.okta.withFetch.ms)} (Okta) until both had finished: ` +
        `${f2(machineFloorRatio(f.entra, r.bareEntra.ms))}× and ${f2(machineFloorRatio(f.okta, r.bareOkta.ms))}× the bare fetch, the lowest ratios a sync that fetches and writes on this machine can reach. `
      : '';
  const busy = r.cpu ? `; the two first syncs kept the ${cores} cores ${busyShare(r.cpu.entra, r.entraRun)} and ${busyShare(r.cpu.okta, r.oktaRun)} busy` : '';
  return (
    ` Measured in this run (write-floor.ts): Neo4j alone, creating the nodes and relationships the data sets left with nothing else (CREATE on one unique key, no lookups, no secondary indexes), ` +
    `needs ${s1(f.entra.ms)} for Entra's ${f0(f.entra.nodes)} nodes and ${f0(f.entra.relationships)} relationships, ${f2(floorRatio(f.entra, r.bareEntra.ms))}× its fetch, ` +
    `and ${s1(f.okta.ms)} for Okta's ${f0(f.okta.nodes)} and ${f0(f.okta.relationships)}, ${f2(floorRatio(f.okta, r.bareOkta.ms))}× its fetch. ` +
    beside +
    `The data sets themselves took ${s1(dataSets(r.entraRun))} and ${s1(dataSets(r.oktaRun))} (${f2(dataSets(r.entraRun) / f.entra.ms)}× and ${f2(dataSets(r.oktaRun) / f.okta.ms)}× the floor alone)${busy}. ` +
    (reachable
      ? 'So Neo4j could take the writes at the goal\'s pace on this machine: the distance is the sync\'s own write shape (MERGE with change detection, an account written by several data sets, the indexes the queries need) and the enrichment after the data sets ("What limits it").'
      : `Above 1.3, the goal is out of reach on this machine whatever the sync does: the simulators serving the pages and the client reading them use the same ${cores} cores Neo4j writes on (against a real tenant, Microsoft's and Okta's servers do the serving). What is left above that floor is the sync's own work ("What limits it").`)
  );
}

const WARM_UP_TEXT = `Neo4j is restarted on an empty store before each size and warmed up first: a small tenant is synced and deleted, so
the measured first syncs meet a JVM whose JIT compiler has the write paths compiled, as on a Neo4j that has been
running. What the warm-up cost is in the table: a just-started Neo4j's first sync pays it once.
`;

export function renderReport(results: SizeResult[], meta: ReportMeta): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `| figure | ${results.map((r) => `${people(r.people)} people`).join(' | ')} | goal |`;
  const sep = `|---|${results.map(() => '---:').join('|')}|---|`;
  const memberships = (r: SizeResult): number => (r.summary.entraMemberships ?? NaN);
  const searchTerm = results.find((r) => r.search)?.search?.term;
  const lines = [
    row('Entra sync wall time', results.map((r) => s1(wall(r.entraRun)))),
    row('bare client, same Entra pages', results.map((r) => `${s1(r.bareEntra.ms)} (${f0(r.bareEntra.requests)} req; sync made ${f0(r.entraRequests)})`)),
    row('**Entra sync / bare fetch**', results.map((r) => `**${f2(wall(r.entraRun) / r.bareEntra.ms)}**`), '≤ 1.3'),
    row('Okta sync wall time', results.map((r) => s1(wall(r.oktaRun)))),
    row('bare client, same Okta pages', results.map((r) => `${s1(r.bareOkta.ms)} (${f0(r.bareOkta.requests)} req; sync made ${f0(r.oktaRequests)})`)),
    row('**Okta sync / bare fetch**', results.map((r) => `**${f2(wall(r.oktaRun) / r.bareOkta.ms)}**`), '≤ 1.3'),
    row(
      'warm-up: a small tenant\'s first syncs on the just-started Neo4j (then deleted), Entra + Okta; Neo4j CPU (of which its JIT compiler)',
      results.map((r) => (r.warmUp ? warmUpCell(r.warmUp) : 'not run')),
    ),
    row('CPU of the Entra first sync: API / Neo4j (of which JIT) / simulators', results.map((r) => cpuCell(r.cpu?.entra, r.entraRun, r.cpu?.bareEntraS))),
    row('CPU of the Okta first sync: API / Neo4j (of which JIT) / simulators', results.map((r) => cpuCell(r.cpu?.okta, r.oktaRun, r.cpu?.bareOktaS))),
    row('Neo4j write floor, Entra: the nodes and relationships its data sets left, created bare (floor / bare fetch)', results.map((r) => floorCell(r.writeFloor?.entra, r.bareEntra.ms))),
    row('Neo4j write floor, Okta (floor / bare fetch)', results.map((r) => floorCell(r.writeFloor?.okta, r.bareOkta.ms))),
    row(
      "Neo4j write floor, the twin's own layer: the people, HAS_ACCOUNT edges, posture findings and summary the work after the data sets left, created bare",
      results.map((r) => floorCell(r.writeFloor?.twin)),
    ),
    row('Entra re-sync of the unchanged tenant (sync / bare)', results.map((r) => (r.entraResync ? `${s1(wall(r.entraResync))} (${f2(wall(r.entraResync) / r.bareEntra.ms)})` : 'n/a'))),
    row('Okta re-sync of the unchanged org (sync / bare)', results.map((r) => (r.oktaResync ? `${s1(wall(r.oktaResync))} (${f2(wall(r.oktaResync) / r.bareOkta.ms)})` : 'n/a'))),
    row('Entra daily: incremental sync after a scripted day / full re-sync, time (requests)', results.map((r) => dailyCell(r.daily?.entra, r.entraResync))),
    row('Okta daily: incremental sync after a scripted day / full re-sync, time (requests)', results.map((r) => dailyCell(r.daily?.okta, r.oktaResync))),
    row('of which after the data sets (sign-in to the provider, identity resolution, posture facts and snapshot)', results.map(afterCell), '≤ 10% of the sync'),
    row('enrichment passes of those syncs (the API\'s log): while the data sets load, after them', results.map(passesCell)),
    row('Entra users loaded per second', results.map((r) => f0(perSec(ds(r.entraRun, 'users')?.count, ds(r.entraRun, 'users')?.durationMs)))),
    row('Entra group memberships per second', results.map((r) => f0(perSec(memberships(r), ds(r.entraRun, 'groups')?.durationMs)))),
    row('Okta users (with factors) per second', results.map((r) => f0(perSec(ds(r.oktaRun, 'users')?.count, ds(r.oktaRun, 'users')?.durationMs)))),
    row('peak RSS of the API process: after the syncs / after the queries too', results.map((r) => `${r.peakRssAfterSyncsMiB === undefined ? 'n/a' : f0(r.peakRssAfterSyncsMiB)} / ${f0(r.peakRssMiB)} MiB`), '< 1 GiB, also at 300k'),
    row('identityPosture p50 / p95 (warm)', results.map((r) => `${fms(r.posture.p50)} / ${fms(r.posture.p95)} ms`), '≤ 20 / 50 ms'),
    row(
      `people(first: 50, search: ${searchTerm ? `"${searchTerm}"` : '…'}) p50 / p95 (warm; people matching)`,
      results.map((r) => (r.search ? `${fms(r.search.p50)} / ${fms(r.search.p95)} ms (${f0(r.search.totalCount)})` : 'n/a')),
      'p95 ≤ 30 ms',
    ),
    row('nested explorer query, 50 people, p50 / p95', results.map((r) => `${fms(r.nested.p50)} / ${fms(r.nested.p95)} ms`), 'p95 ≤ 50 ms'),
    row('Cypher statements: nested query at first 10 / 100', results.map((r) => `${r.statements.first10} / ${r.statements.first100}`), 'constant'),
    row('Cypher statements: identityPosture', results.map((r) => String(r.posture.statements)), 'constant'),
    row('Neo4j store on disk after the syncs / Neo4j peak RSS', results.map((r) => (r.neo4j?.storeMiB === undefined ? 'n/a' : `${mib(r.neo4j.storeMiB)} / ${mib(r.neo4j.peakRssMiB)}`))),
  ];
  const perDataSet = results.map((r) => {
    const fmt = (run: RunFigures): string => run.counts.map((c) => `${c.dataSet} ${f0(c.count)} in ${s1(c.durationMs)}`).join(', ');
    const errs = [...r.entraRun.errors, ...r.oktaRun.errors].map((e) => `${e.dataSet}: ${e.code ?? ''} ${e.message}`);
    return `- **${people(r.people)} people** (generated in ${s1(r.generateMs)}): Entra ${r.entraRun.status}: ${fmt(r.entraRun)}. Okta ${r.oktaRun.status}: ${fmt(r.oktaRun)}.${errs.length ? ` Errors: ${errs.join('; ')}` : ''}`;
  });
  let growth = '';
  if (results.length >= 2) {
    const [a, b] = [results[0] as SizeResult, results[results.length - 1] as SizeResult];
    const k = b.people / a.people;
    const g = (x: number, y: number): string => `${f2(y / x)}× (${f2(y / x / k)} of linear)`;
    growth = [
      `From ${people(a.people)} to ${people(b.people)} people (${k}×):`,
      `- Entra sync time ${g(wall(a.entraRun), wall(b.entraRun))}; Okta sync time ${g(wall(a.oktaRun), wall(b.oktaRun))}.`,
      `- peak RSS ${g(a.peakRssMiB, b.peakRssMiB)}.`,
      `- identityPosture p50 ${g(a.posture.p50, b.posture.p50)}; nested explorer p50 ${g(a.nested.p50, b.nested.p50)}${a.search && b.search ? `; people(search:) p50 ${g(a.search.p50, b.search.p50)}` : ''}.`,
      ...(a.neo4j?.storeMiB && b.neo4j?.storeMiB ? [`- Neo4j store on disk ${g(a.neo4j.storeMiB, b.neo4j.storeMiB)}.`] : []),
      '',
      '"of linear" is the growth divided by the growth in people: 1.00 is linear, below 1 better than linear.',
    ].join('\n');
  }
  const last = results[results.length - 1] as SizeResult;
  const first = results[0] as SizeResult;
  const entraRatio = wall(last.entraRun) / last.bareEntra.ms;
  const oktaRatio = wall(last.oktaRun) / last.bareOkta.ms;
  const rssOk = last.peakRssMiB < 1024;
  const tripsOk = results.every((r) => r.statements.first10 === r.statements.first100);
  const k = last.people / first.people;
  const growthOk = (x: number, y: number): boolean => results.length < 2 || y / x <= k * 1.1;
  const growthFigures: Array<[string, number, number]> = [
    ['Entra sync time', wall(first.entraRun), wall(last.entraRun)],
    ['Okta sync time', wall(first.oktaRun), wall(last.oktaRun)],
    ['peak RSS', first.peakRssMiB, last.peakRssMiB],
    ['identityPosture p50', first.posture.p50, last.posture.p50],
  ];
  const superLinear = growthFigures.filter(([, x, y]) => !growthOk(x, y)).map(([name, x, y]) => `${name} ${f2(y / x / k)} of linear`);
  const goals = [
    `- Sync time at most 1.3× a bare fetch of the same pages: **${entraRatio <= 1.3 && oktaRatio <= 1.3 ? 'met' : 'not met'}** at ${people(last.people)} people (first sync: Entra ${f2(entraRatio)}, Okta ${f2(oktaRatio)}${last.entraResync && last.oktaResync ? `; re-sync: Entra ${f2(wall(last.entraResync) / last.bareEntra.ms)}, Okta ${f2(wall(last.oktaResync) / last.bareOkta.ms)}` : ''}). The bare client only moves bytes; a sync also transforms every object and writes it into Neo4j (MERGE on constrained keys, relationships, cleanup) and then resolves identities and records a posture snapshot, all on the same two cores as the simulators and Neo4j. Fetching the next page while the current one loads (read-ahead) hides the fetch behind the writes, so a sync is no faster than the slower of the two.${writeFloorSentence(last)} Against a real tenant, whose pages come slower than from a local simulator, the ratio falls.`,
    `- The work after the data sets at most a tenth of the sync: ${afterStatus(last)} at ${people(last.people)} people (${afterCell(last)}).${twinFloorSentence(last)}`,
    ...(last.daily && last.entraResync && last.oktaResync
      ? [
          `- The daily case (issue 11): after a scripted day of changes, the default sync is ${last.daily.entra.run.mode ?? 'FULL'} and takes ` +
            `${f2(wall(last.daily.entra.run) / wall(last.entraResync))} of a full Entra re-sync's time with ${f2(last.daily.entra.requests / last.daily.entra.fullRequests)} of its requests, ` +
            `and ${f2(wall(last.daily.okta.run) / wall(last.oktaResync))} of a full Okta re-sync's time with ${f2(last.daily.okta.requests / last.daily.okta.fullRequests)} of its requests, at ${people(last.people)} people. ` +
            'What is left is read whole by design (the MFA registration report, roles, policies, apps, the sign-in and System Log windows); the work after the data sets (identity resolution and the posture facts) follows the accounts the sync changed.',
        ]
      : []),
    `- Peak RSS of the API under 1 GB: **${rssOk ? 'met' : 'not met'}** (${f0(last.peakRssMiB)} MiB at ${people(last.people)}${last.peakRssAfterSyncsMiB === undefined ? '' : `; ${f0(last.peakRssAfterSyncsMiB)} MiB after the four syncs, before any query`}). Data sets stream page by page (at most two pages and one batch of rows in memory); the enrichment after a sync holds one batch of closed sets of accounts, sized from the heap (half of it at about 3.4 KB per account), never the whole tenant.`,
    `- Cypher round trips per nested request constant: **${tripsOk ? 'met' : 'not met'}** (${results.map((r) => `${r.statements.first10} statements at first 10 and ${r.statements.first100} at first 100`).join('; ')}).`,
    `- Growth from ${people(first.people)} to ${people(last.people)} people linear or better (within 10%): **${superLinear.length === 0 ? 'met' : 'not met'}**${superLinear.length === 0 ? ' (see Growth)' : ` for ${superLinear.join(', ')}; one run on a shared 2-core machine is noisy at this margin`}.`,
  ];
  const profile = profileSummaryText(meta.profileSummary);
  return `# Benchmarks

Written by \`npm run bench\` on ${meta.date.slice(0, 10)}. Every figure below comes from one run on one machine,
measured side by side: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version},
Neo4j ${meta.neo4jVersion} (local embedded launcher, ${neo4jSetup(results)}), the API process
run with \`${meta.apiNodeOptions ?? 'n/a'}\`, sign-ins and System Log over the last ${meta.hoursBack} hours. The
simulators, the bare client and the API (a separate process) share the machine's cores with Neo4j.

How it is measured: a deterministic synthetic tenant (seed 7) is served by the Graph and Okta simulators over
HTTPS; the API process is configured and synced through GraphQL exactly as the admin UI would; then a bare
client fetches the same pages from the same simulators with the same concurrency and does nothing with them.
${results.some((r) => r.warmUp) ? WARM_UP_TEXT : ''}Latencies are of warm requests (${meta.latencySamples ? `${meta.latencySamples.warmUps} warm-ups, ${meta.latencySamples.timed} timed` : '3 warm-ups, 20 timed'}).

## Where it stands against issue 10

${issueTable(results, meta.failures, meta.largeRun)}

![How the sync times, query latencies and memory grow with the number of people](benchmarks.svg)

## All figures

${header}
${sep}
${lines.join('\n')}

Per data set:

${perDataSet.join('\n')}

## Goals

${goals.join('\n')}

## Growth

${growth || 'Run with two sizes to see growth.'}

## Neo4j sizing

${sizingSection(results)}

## What limits it

<!-- Hand-written from the profiles: docs/${PROFILE_SUMMARY_FILE}, included verbatim by bench/report.ts.
     Edit that file, not this one: \`npm run bench\` and \`npm run bench:report\` rewrite this file and keep it. -->
${profile ?? `_No profile summary yet: write it in \`docs/${PROFILE_SUMMARY_FILE}\` and run \`npm run bench:report\`._`}

From this run's figures:

${fromTheFigures(results).join('\n')}
`;
}
