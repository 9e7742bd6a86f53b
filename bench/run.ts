/**
 * `npm run bench`: syncs synthetic tenants of 10k and 100k people (BENCH_SIZES to change, e.g.
 * `npm run bench:large` for 10k, 100k and 300k) from the simulators through a separate API process into a
 * dedicated local Neo4j, measures everything side by side in one run, and writes docs/benchmarks.md, .json and
 * .svg (BENCH_OUT=<dir> writes them there instead, for trial runs). It empties its Neo4j before each size: with
 * NEO4J_DATA_DIR only the launcher's own instance in that dir (its data dir deleted before each size and the instance restarted after it, so that the store on disk
 * is complete), without it only when BENCH_ALLOW_WIPE=1. A size that fails is reported as such; the others stand.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createGraph } from '../src/neo4j/driver.js';
import { scriptedEntraDay } from '../dev/simulators/synthetic/entra/day.js';
import { scriptedOktaDay } from '../dev/simulators/synthetic/okta/day.js';
import { startApiProcess } from './api-process.js';
import { bareEntraFetch, bareOktaFetch, type BareResult } from './bare-client.js';
import { gql, percentile } from './gql.js';
import { outputDir, writeOutputs } from './output.js';
import { type Neo4jFigures, type SizeResult, type SyncCpu, type WarmUpFigures, type WriteFloorFigures } from './report.js';
import { measureWriteFloor, measureWriteFloorBeside, type FloorOf } from './write-floor.js';
import { cpuSeconds, jitCpuSeconds, launcherPid as pidIn, ownCpuSeconds } from './cpu.js';
import { ENTRA, OKTA_TOKEN, configureBoth, startBenchWorld } from './world.js';

// Interrupted (Ctrl-C, kill): exit through process.exit so the API processes' exit hooks stop them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const SIZES = (process.env.BENCH_SIZES?.trim() || '10000,100000').split(',').map((s) => Number(s.trim()));
if (SIZES.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`BENCH_SIZES must be a comma-separated list of people counts, got "${process.env.BENCH_SIZES}"`);
  process.exit(2);
}
/** A substring common in the synthetic names (Johnson, Wilson, Anderson, Peterson...): a search with many matches. */
const SEARCH_TERM = process.env.BENCH_SEARCH?.trim() || 'son';
/** How the API process runs (api-process.ts reads the same variable). */
const API_NODE_OPTIONS = process.env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=768';
const HOURS_BACK = 168;
/**
 * People of the tenant synced (then deleted) on each size's just-started Neo4j before the measured syncs: its JIT
 * compiler then has the write paths compiled, as on a Neo4j that has been running. BENCH_WARM_UP=0 skips it.
 */
const WARM_UP_PEOPLE = Number(process.env.BENCH_WARM_UP?.trim() || 5000);
if (!Number.isInteger(WARM_UP_PEOPLE) || WARM_UP_PEOPLE < 0) {
  console.error(`BENCH_WARM_UP must be a number of people (0 to skip the warm-up), got "${process.env.BENCH_WARM_UP}"`);
  process.exit(2);
}

interface RunView { id: string; status: string; mode: string; startedAt: string; finishedAt: string | null; counts: Array<{ dataSet: string; count: number; durationMs: number; mode: string; startedAt: string | null }>; errors: Array<{ dataSet: string; code: string | null; message: string }> }
const RUN = 'id status mode startedAt finishedAt counts { dataSet count durationMs mode startedAt } errors { dataSet code message }';

/** A sync through the API; `full` false is the default (INCREMENTAL once a sync saved its change cursors). */
async function syncAndWait(url: string, mutation: 'entraIdSync' | 'oktaSync', full = true): Promise<RunView> {
  const started = await gql<Record<string, RunView>>(url, `mutation { ${mutation}(hoursBack: ${HOURS_BACK}, full: ${full}) { ${RUN} } }`);
  const id = started.data[mutation]?.id;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const { data } = await gql<{ syncRun: RunView }>(url, `query($id: ID!) { syncRun(id: $id) { ${RUN} } }`, { id });
    if (data.syncRun.status !== 'RUNNING' && data.syncRun.status !== 'QUEUED') return data.syncRun;
  }
}

/** A sync, with the CPU seconds the API, Neo4j and the simulators spent on it. */
async function measuredSync(url: string, mutation: 'entraIdSync' | 'oktaSync', apiPid: number): Promise<{ run: RunView; cpu: SyncCpu }> {
  const neo4jPid = launcherPid();
  const [api0, neo0, jit0, own0] = [cpuSeconds(apiPid), cpuSeconds(neo4jPid), jitCpuSeconds(neo4jPid), ownCpuSeconds()];
  const run = await syncAndWait(url, mutation);
  const delta = (now: number | undefined, before: number | undefined): number | undefined => (now === undefined || before === undefined ? undefined : now - before);
  const cpu: SyncCpu = { simulatorsS: ownCpuSeconds() - own0 };
  const apiS = delta(cpuSeconds(apiPid), api0);
  const neo4jS = delta(cpuSeconds(neo4jPid), neo0);
  const neo4jJitS = delta(jitCpuSeconds(neo4jPid), jit0);
  if (apiS !== undefined) cpu.apiS = apiS;
  if (neo4jS !== undefined) cpu.neo4jS = neo4jS;
  if (neo4jJitS !== undefined) cpu.neo4jJitS = neo4jJitS;
  return { run, cpu };
}

/**
 * Both first syncs of a small tenant on the Neo4j the bench just (re)started, in an API process of their own;
 * the next world's start deletes what they wrote (Neo4j reuses the records' space for the measured syncs).
 */
async function warmUp(neo4jUri: string): Promise<WarmUpFigures> {
  const world = await startBenchWorld(WARM_UP_PEOPLE, neo4jUri, 'twin-bench-warm-up-');
  try {
    const api = await startApiProcess(world.apiEnv);
    try {
      await configureBoth(api.url, world);
      const entra = await measuredSync(api.url, 'entraIdSync', api.pid);
      const okta = await measuredSync(api.url, 'oktaSync', api.pid);
      if (entra.run.status !== 'SUCCEEDED' || okta.run.status !== 'SUCCEEDED') throw new Error(`the warm-up syncs ended ${entra.run.status} and ${okta.run.status}`);
      return { people: WARM_UP_PEOPLE, entraMs: ms(entra.run), oktaMs: ms(okta.run), entra: entra.cpu, okta: okta.cpu };
    } finally {
      await api.stop();
    }
  } finally {
    await world.close();
  }
}

/**
 * Requests per latency figure. 60 timed: a p95 over 20 is the 19th slowest, and one stall of the shared cores
 * (a Neo4j checkpoint after the syncs) decided it (47 ms in one run, 107 ms in the next, 28-36 ms measured again
 * on the same twin).
 */
const LATENCY_SAMPLES = { warmUps: 5, timed: 60 };

async function latency(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ p50: number; p95: number; statements: number }> {
  for (let i = 0; i < LATENCY_SAMPLES.warmUps; i += 1) await gql(url, query, variables);
  const times: number[] = [];
  let statements = 0;
  for (let i = 0; i < LATENCY_SAMPLES.timed; i += 1) {
    const r = await gql(url, query, variables);
    times.push(r.ms);
    statements = r.statements;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), statements };
}

const NESTED = `query($first: Int!) { people(first: $first) { totalCount edges { node { id displayName accounts {
  id login active mfaMethods groups(transitive: true) { id displayName } roles { assignment role { id name tier0 } via { id } }
  applications { id } securityEvents { id severity } } } } } }`;
const SEARCH = `query($first: Int!, $search: String) { people(first: $first, search: $search) { totalCount edges { node { id displayName } } } }`;
// Valid against contract v1 and v2 alike: v2's paged lists (first/offset) have default arguments.
const POSTURE = `{ identityPosture { asOf accounts { source total active } mfa { source ratio byMethod { method accounts } }
  globalAdmins { id } roles { role activeHolders eligibleHolders } conditionalAccess { accountsWithoutMfaEnforcement }
  staleAccounts { source count } securityEvents { total } applications { highPrivilegeApps { id } }
  crossIdp { inBoth onlyInEntra onlyInOkta mfaGaps { kind } roleConflicts { kind } ssoOverlap { entra { id } } ssoGaps { id } } } }`;

/** The bare client's fetch of the size's pages, again (bare-client.ts), while its simulators are up. */
interface BareFetch {
  entra(): Promise<BareResult>;
  okta(): Promise<BareResult>;
}

/**
 * One size: the syncs, the bare fetch and the queries. `afterApi` runs once the API process stopped and before the
 * simulators close (the store measurement and the write floors, which fetch the same pages again beside it).
 */
async function benchSize(people: number, neo4jUri: string, afterApi: (result: SizeResult, bare: BareFetch) => Promise<void>): Promise<SizeResult> {
  const log = (m: string): void => console.log(`[${people}] ${m}`);
  const warm = WARM_UP_PEOPLE > 0 ? await warmUp(neo4jUri) : undefined;
  if (warm) log(`warm-up: ${WARM_UP_PEOPLE} people, Entra ${warm.entraMs} ms, Okta ${warm.oktaMs} ms; Neo4j JIT ${((warm.entra.neo4jJitS ?? 0) + (warm.okta.neo4jJitS ?? 0)).toFixed(1)} CPU s`);
  const world = await startBenchWorld(people, neo4jUri, 'twin-bench-');
  const { scenario, entraSim, oktaSim, generateMs } = world;
  log(`generated in ${(generateMs / 1000).toFixed(1)} s`);
  const bare: BareFetch = {
    entra: async () => {
      const token = await entraSim.issueAccessToken({
        tenantId: scenario.entra.tenantId,
        clientId: ENTRA.clientId,
        roles: scenario.entra.clients[0]?.appPermissions ?? [],
      });
      return bareEntraFetch({ graph: entraSim.graphEndpoint, token, ca: entraSim.caCertPem, hoursBack: HOURS_BACK });
    },
    okta: () => bareOktaFetch({ orgUrl: oktaSim.orgUrl, apiToken: OKTA_TOKEN, ca: entraSim.caCertPem, hoursBack: HOURS_BACK, concurrency: 8 }),
  };
  try {
    const result = await syncsAndQueries();
    await afterApi(result, bare);
    return result;
  } finally {
    await world.close();
  }

  async function syncsAndQueries(): Promise<SizeResult> {
    const api = await startApiProcess(world.apiEnv);
    try {
      await configureBoth(api.url, world);

      entraSim.reset();
      const { run: entraRun, cpu: entraCpu } = await measuredSync(api.url, 'entraIdSync', api.pid);
      const entraRequests = entraSim.stats.requests;
      log(`Entra sync ${entraRun.status} in ${ms(entraRun)} ms, ${entraRequests} requests`);
      oktaSim.reset();
      const { run: oktaRun, cpu: oktaCpu } = await measuredSync(api.url, 'oktaSync', api.pid);
      const oktaRequests = oktaSim.stats.requests;
      log(`Okta sync ${oktaRun.status} in ${ms(oktaRun)} ms, ${oktaRequests} requests`);

      // The same tenant read whole again (upserts, nothing new to resolve).
      entraSim.reset();
      const entraResync = await syncAndWait(api.url, 'entraIdSync');
      const entraResyncRequests = entraSim.stats.requests;
      oktaSim.reset();
      const oktaResync = await syncAndWait(api.url, 'oktaSync');
      const oktaResyncRequests = oktaSim.stats.requests;
      log(`full re-sync: Entra ${ms(entraResync)} ms (${entraResyncRequests} requests), Okta ${ms(oktaResync)} ms (${oktaResyncRequests} requests)`);

      // The daily case: a scripted day of changes (about 1.5% of users), then the default sync, incremental.
      const entraDay = scriptedEntraDay(scenario.entra, entraSim.mutate(scenario.entra.tenantId), { seed: 11 });
      const dayEnd = Date.now();
      const oktaDay = scriptedOktaDay(oktaSim.changes, scenario.okta, { seed: 11, from: dayEnd - 20 * 3_600_000, to: dayEnd });
      entraSim.reset();
      const entraDaily = await syncAndWait(api.url, 'entraIdSync', false);
      const entraDailyRequests = entraSim.stats.requests;
      oktaSim.reset();
      const oktaDaily = await syncAndWait(api.url, 'oktaSync', false);
      const oktaDailyRequests = oktaSim.stats.requests;
      log(
        `daily: Entra ${entraDaily.mode} ${ms(entraDaily)} ms (${entraDailyRequests} requests; ${entraDay.usersTouched} users changed), ` +
          `Okta ${oktaDaily.mode} ${ms(oktaDaily)} ms (${oktaDailyRequests} requests; ${oktaDay.total} changes)`,
      );
      const peakRssAfterSyncsMiB = api.peakRssMiB();

      const cpu0 = ownCpuSeconds();
      const bareEntra = await bare.entra();
      const cpu1 = ownCpuSeconds();
      const bareOkta = await bare.okta();
      const cpu = { entra: entraCpu, okta: oktaCpu, bareEntraS: cpu1 - cpu0, bareOktaS: ownCpuSeconds() - cpu1 };
      log(`bare fetch: Entra ${bareEntra.ms.toFixed(0)} ms (${bareEntra.requests} requests), Okta ${bareOkta.ms.toFixed(0)} ms (${bareOkta.requests} requests)`);

      const posture = await latency(api.url, POSTURE);
      const nested = await latency(api.url, NESTED, { first: 50 });
      const searchVars = { first: 50, search: SEARCH_TERM };
      const search = await latency(api.url, SEARCH, searchVars);
      const matches = (await gql<{ people: { totalCount: number } }>(api.url, SEARCH, searchVars)).data.people.totalCount;
      const trips10 = (await gql(api.url, NESTED, { first: 10 })).statements;
      const trips100 = (await gql(api.url, NESTED, { first: 100 })).statements;
      log(
        `posture p50 ${posture.p50.toFixed(0)} ms, nested p50 ${nested.p50.toFixed(0)} ms, ` +
          `search "${SEARCH_TERM}" p95 ${search.p95.toFixed(0)} ms (${matches} people), statements ${trips10}/${trips100}`,
      );
      const neo4j = await neo4jFigures(neo4jUri);
      if (neo4j) log(`Neo4j: peak RSS ${neo4j.peakRssMiB?.toFixed(0)} MiB, heap ${neo4j.heapMiB?.toFixed(0)} MiB, page cache ${neo4j.pageCacheMiB?.toFixed(0)} MiB`);

      return {
        people,
        generateMs,
        entraRun,
        oktaRun,
        entraResync,
        oktaResync,
        daily: {
          entra: { run: entraDaily, requests: entraDailyRequests, fullRequests: entraResyncRequests, changes: entraDay.usersTouched },
          okta: { run: oktaDaily, requests: oktaDailyRequests, fullRequests: oktaResyncRequests, changes: oktaDay.total },
        },
        entraRequests,
        oktaRequests,
        bareEntra,
        bareOkta,
        peakRssAfterSyncsMiB,
        peakRssMiB: api.peakRssMiB(),
        posture,
        nested,
        search: { ...search, term: SEARCH_TERM, totalCount: matches },
        statements: { first10: trips10, first100: trips100 },
        ...(neo4j ? { neo4j } : {}),
        cpu,
        ...(warm ? { warmUp: warm } : {}),
        summary: { ...scenario.summary } as unknown as Record<string, number>,
        enrichment: Object.fromEntries(
          [entraRun, oktaRun, entraResync, oktaResync, entraDaily, oktaDaily].map((run) => [run.id, api.enrichmentOf(run.id)]),
        ),
      };
    } catch (err) {
      const ended = api.ended();
      const why = ended?.includes('SIGABRT') ? `: V8 aborts so when the API outgrows its heap cap (${API_NODE_OPTIONS}; the bench's output shows "JavaScript heap out of memory")` : '';
      if (ended) throw new Error(`the API process ${ended}${why}`, { cause: err });
      // A request that failed against a live API (a reset, a timeout): say why, and what the API last logged.
      const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
      const log = api.lastLog();
      throw new Error(`${err instanceof Error ? err.message : String(err)}${cause}; peak RSS of the API ${api.peakRssMiB().toFixed(0)} MiB${log ? `; its last log lines:\n${log}` : ''}`, { cause: err });
    } finally {
      await api.stop();
    }
  }
}

function ms(run: RunView): number {
  return Date.parse(run.finishedAt ?? run.startedAt) - Date.parse(run.startedAt);
}

/** Bytes of every file under dir, in MiB (undefined if there is no such dir). */
function dirMiB(dir: string): number | undefined {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      try {
        total += statSync(path.join(entry.parentPath, entry.name)).size;
      } catch {
        // vanished meanwhile (a rotated log, a checkpoint)
      }
    }
  } catch {
    return undefined;
  }
  return total / 2 ** 20;
}

/** The local launcher's home (NEO4J_DATA_DIR, as `npm run bench` sets it), or undefined for another Neo4j. */
function localNeo4jHome(): string | undefined {
  const dataDir = process.env.NEO4J_DATA_DIR?.trim();
  return dataDir ? path.resolve(import.meta.dirname, '..', dataDir) : undefined;
}

/** The local launcher's Neo4j process, or undefined for another Neo4j. */
const launcherPid = (home = localNeo4jHome()): number | undefined => pidIn(home);

/**
 * The Neo4j under test once a size is loaded and queried: its sizing as it reports it, and, when it is the local
 * launcher's, the process's peak RSS since it (re)started (the bench restarts it before each size).
 */
async function neo4jFigures(uri: string): Promise<Neo4jFigures | undefined> {
  const figures: Neo4jFigures = {};
  const graph = createGraph(loadConfig({ NEO4J_URI: uri }).neo4j);
  try {
    const config = await graph.read<{ name: string; value: string }>(
      `CALL dbms.listConfig() YIELD name, value
       WHERE name IN ['server.memory.pagecache.size', 'dbms.memory.transaction.total.max'] RETURN name, value`,
    );
    const bytes = (name: string): number | undefined => {
      const v = config.find((c) => c.name === name)?.value;
      const m = v === undefined ? null : /^([\d.]+)\s*([KMGT]?)i?B?$/i.exec(v.trim());
      return m ? Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] || ' ').toUpperCase()) / 2 ** 20 : undefined;
    };
    figures.pageCacheMiB = bytes('server.memory.pagecache.size');
    figures.txTotalMaxMiB = bytes('dbms.memory.transaction.total.max');
    const heap = await graph.read<{ max: number }>(
      `CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes RETURN toFloat(attributes.HeapMemoryUsage.value.properties.max) AS max`,
    );
    if (heap[0]) figures.heapMiB = Number(heap[0].max) / 2 ** 20;
  } catch (err) {
    console.warn(`bench: could not read the Neo4j settings: ${(err as Error).message}`);
  } finally {
    await graph.close();
  }
  const pid = launcherPid();
  if (pid) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) figures.peakRssMiB = Number(m[1]) / 1024;
    } catch {
      // not the local launcher, or not Linux
    }
  }
  return Object.values(figures).some((v) => v !== undefined) ? figures : undefined;
}

/**
 * Neo4j's write floor for each provider's data (write-floor.ts), one after the other. It runs on the Neo4j just
 * restarted to measure the store: each replay runs twice and the second counts, so that the floor, like the syncs,
 * meets a JVM that has compiled its write paths.
 */
async function writeFloors(uri: string, bare: BareFetch): Promise<NonNullable<SizeResult['writeFloor']>> {
  const graph = createGraph(loadConfig({ NEO4J_URI: uri }).neo4j);
  const neo4jPid = launcherPid();
  const warmed = async (of: FloorOf, fetch?: () => Promise<BareResult>): Promise<WriteFloorFigures> => {
    await measureWriteFloor(graph, of, { neo4jPid });
    const alone = await measureWriteFloor(graph, of, { neo4jPid });
    if (!fetch) return alone;
    // A third time beside the bare fetch of the same pages: both on the machine's cores at once, as in a sync.
    return { ...alone, withFetch: await measureWriteFloorBeside(uri, of, fetch) };
  };
  try {
    const entra = await warmed('entra', bare.entra);
    const okta = await warmed('okta', bare.okta);
    // The people, their edges and the findings: what the work after the data sets creates.
    const twin = await warmed('twin');
    return { entra, okta, twin };
  } finally {
    await graph.close();
  }
}

/** The local launcher's command (start, stop, reset) on the bench's own instance. */
function db(cmd: 'start' | 'stop' | 'reset'): void {
  const r = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../tools/neo4j/db.mjs'), cmd], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error(`tools/neo4j/db.mjs ${cmd} failed (exit ${r.status})`);
}

/**
 * The local launcher's Neo4j restarted: its clean shutdown checkpoints, so the store files on disk hold
 * everything the syncs wrote (until a checkpoint, Neo4j keeps changes in the page cache and the transaction
 * logs only, and Community has no procedure to force one). Returns the store's and the logs' size in between.
 */
function restartedNeo4j(home: string): Pick<Neo4jFigures, 'storeMiB' | 'txLogsMiB'> {
  db('stop');
  const sizes = { storeMiB: dirMiB(path.join(home, 'data', 'databases')), txLogsMiB: dirMiB(path.join(home, 'data', 'transactions')) };
  db('start');
  return sizes;
}

const neo4jUri = process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7697';
const results: SizeResult[] = [];
const home = localNeo4jHome();
// The bench empties the database before each size: only one it owns, never one that merely answers on the port.
/** True if the Neo4j in home (its pid file) is a live launcher listening on the port of uri. */
function ownsPort(home: string, uri: string): boolean {
  try {
    const pid = launcherPid(home);
    const port = new URL(uri.replace(/^[a-z+]+:/, 'http:')).port;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--port\0${port}\0`);
  } catch {
    return false;
  }
}
if (home) {
  if (!ownsPort(home, neo4jUri)) {
    console.error(`bench: the Neo4j on ${neo4jUri} is not the one in NEO4J_DATA_DIR (${home}); refusing to empty it. Pick a free NEO4J_BOLT_PORT.`);
    process.exit(2);
  }
} else if (process.env.BENCH_ALLOW_WIPE !== '1') {
  console.error(`bench: it empties ${neo4jUri} before each size; set BENCH_ALLOW_WIPE=1 to confirm (or use npm run bench)`);
  process.exit(2);
}
/** Sizes that did not complete: the report says so and goes on with the others. */
const failures: Array<{ people: number; message: string }> = [];
for (const size of SIZES) {
  if (home && !ownsPort(home, neo4jUri)) {
    console.error(`bench: after the restart, the Neo4j on ${neo4jUri} is no longer the one in ${home}; stopping here`);
    failures.push({ people: size, message: 'the Neo4j under test could not be restarted on its port' });
    break;
  }
  try {
    // A fresh store per size: Neo4j never gives back the space of deleted records, so a store that held a
    // bigger size (an earlier run, the size before) would be measured instead of this one.
    if (home) db('reset');
    const result = await benchSize(size, neo4jUri, async (result, bare) => {
      if (home) {
        result.neo4j = { ...result.neo4j, ...restartedNeo4j(home) };
        console.log(`[${size}] Neo4j store on disk ${result.neo4j.storeMiB?.toFixed(0)} MiB, transaction logs ${result.neo4j.txLogsMiB?.toFixed(0)} MiB`);
      }
      // After the store was measured: the floor's scratch copies are deleted, but their records keep their space.
      // A floor that fails leaves the size's figures standing; the report then has no floor for it.
      await writeFloors(neo4jUri, bare).then(
        (floor) => {
          result.writeFloor = floor;
          const beside = (f: WriteFloorFigures): string => (f.withFetch ? `, ${(f.withFetch.ms / 1000).toFixed(1)} s beside the fetch` : '');
          console.log(
            `[${size}] Neo4j write floor: Entra ${(floor.entra.ms / 1000).toFixed(1)} s${beside(floor.entra)}, Okta ${(floor.okta.ms / 1000).toFixed(1)} s${beside(floor.okta)}` +
              `, the twin's own layer ${((floor.twin?.ms ?? NaN) / 1000).toFixed(1)} s`,
          );
        },
        (err: unknown) => console.warn(`[${size}] the write floor could not be measured: ${err instanceof Error ? err.message : String(err)}`),
      );
    });
    results.push(result);
  } catch (err) {
    const message = (err as Error).message;
    console.error(`[${size}] failed: ${message}`);
    failures.push({ people: size, message });
    if (home) restartedNeo4j(home);
  }
}
if (results.length === 0) {
  console.error('bench: no size completed; nothing written');
  process.exit(1);
}
// The raw figures too (benchmarks.json), so the report can be re-rendered or compared without re-running.
const out = outputDir();
const run = { date: new Date().toISOString(), hoursBack: HOURS_BACK, apiNodeOptions: API_NODE_OPTIONS, latencySamples: LATENCY_SAMPLES, results, ...(failures.length ? { failures } : {}) };
const written = await writeOutputs(out, run, { json: true });
console.log(`wrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
process.exit(failures.length ? 1 : 0);
