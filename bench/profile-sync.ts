/**
 * Where a first sync's time goes (issue 10, "ingest at the fetch floor"): one synthetic tenant synced from
 * the simulators through a separate API process into an emptied Neo4j, then the same pages fetched by the
 * bare client, side by side in one run. Prints per data set durations, the time after the data sets
 * (resolution + snapshot), the CPU seconds each process spent (API, Neo4j, this process = simulators and
 * bare client) and the sync / bare ratios.
 *
 *   NEO4J_BOLT_PORT=7684 NEO4J_DATA_DIR=.data/neo4j-ingest-bench node tools/with-neo4j.mjs tsx bench/profile-sync.ts
 *
 * PROFILE_SIZE (default 20000) people; PROFILE_CPU=<dir> runs the API with `node --cpu-prof` into that dir;
 * PROFILE_STATEMENTS=<prefix> times every Cypher statement of the API (bench/profile-hook.ts) into
 * <prefix>.0.json (Entra sync) and <prefix>.1.json (Okta sync);
 * PROFILE_ROUNDS (default 1) repeats the whole measurement; PROFILE_JSON=<file> appends the figures as JSON lines.
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { startApiProcess } from './api-process.js';
import { bareEntraFetch, bareOktaFetch } from './bare-client.js';
import { gql } from './gql.js';
import { afterDataSets } from './report.js';
import { cpuSeconds, launcherPid, ownCpuSeconds } from './cpu.js';
import { ENTRA, OKTA_TOKEN, configureBoth, startBenchWorld } from './world.js';

const SIZE = Number(process.env.PROFILE_SIZE ?? 20000);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 1);
const HOURS_BACK = 168;
const ROOT = path.resolve(import.meta.dirname, '..');

interface RunView {
  id: string;
  status: string;
  progress: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: Array<{ dataSet: string; count: number; durationMs: number; startedAt: string | null }>;
  errors: Array<{ dataSet: string; code: string | null; message: string }>;
}
const RUN = 'id status progress startedAt finishedAt counts { dataSet count durationMs startedAt } errors { dataSet code message }';

function neo4jPid(): number {
  return launcherPid(path.resolve(ROOT, process.env.NEO4J_DATA_DIR ?? '.data/neo4j')) ?? 0;
}

/** The run once it ended, and the CPU counters when its data sets were done (enrichment started). */
async function syncAndWait(url: string, mutation: 'entraIdSync' | 'oktaSync', cpu: () => Cpu): Promise<{ run: RunView; atEnrichment: Cpu | undefined }> {
  const started = await gql<Record<string, RunView>>(url, `mutation { ${mutation}(hoursBack: ${HOURS_BACK}) { ${RUN} } }`);
  const id = started.data[mutation]?.id;
  let atEnrichment: Cpu | undefined;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const { data } = await gql<{ syncRun: RunView }>(url, `query($id: ID!) { syncRun(id: $id) { ${RUN} } }`, { id });
    if (!atEnrichment && (data.syncRun.progress?.startsWith('enriching') || data.syncRun.status !== 'RUNNING')) atEnrichment = cpu();
    if (data.syncRun.status !== 'RUNNING' && data.syncRun.status !== 'QUEUED') return { run: data.syncRun, atEnrichment };
  }
}

function wall(run: RunView): number {
  return Date.parse(run.finishedAt ?? run.startedAt) - Date.parse(run.startedAt);
}

interface Cpu {
  api: number;
  neo4j: number;
  self: number;
}

function cpuNow(apiPid: number, dbPid: number): Cpu {
  return { api: cpuSeconds(apiPid) ?? Number.NaN, neo4j: cpuSeconds(dbPid) ?? Number.NaN, self: ownCpuSeconds() };
}

function cpuDelta(a: Cpu, b: Cpu): Cpu {
  return { api: b.api - a.api, neo4j: b.neo4j - a.neo4j, self: b.self - a.self };
}

function describe(name: string, run: RunView, cpu: Cpu, dataSetCpu: Cpu, bareMs: number): Record<string, unknown> {
  const total = wall(run);
  // Data sets may run side by side: their wall time is the run's less what came after them.
  const dataSets = total - afterDataSets(run);
  const per = run.counts.map((c) => `${c.dataSet} ${c.count} in ${(c.durationMs / 1000).toFixed(2)} s`).join(', ');
  console.log(`${name}: ${run.status} ${(total / 1000).toFixed(2)} s (data sets ${(dataSets / 1000).toFixed(2)} s, after ${((total - dataSets) / 1000).toFixed(2)} s); bare ${(bareMs / 1000).toFixed(2)} s`);
  console.log(`  ratio sync/bare ${(total / bareMs).toFixed(2)}, data sets/bare ${(dataSets / bareMs).toFixed(2)}`);
  console.log(`  CPU s: api ${cpu.api.toFixed(1)}, neo4j ${cpu.neo4j.toFixed(1)}, simulators ${cpu.self.toFixed(1)}; of which in the data sets: api ${dataSetCpu.api.toFixed(1)}, neo4j ${dataSetCpu.neo4j.toFixed(1)}, simulators ${dataSetCpu.self.toFixed(1)}`);
  console.log(`  ${per}`);
  if (run.errors.length > 0) console.log(`  errors: ${JSON.stringify(run.errors)}`);
  return { name, status: run.status, totalMs: total, dataSetsMs: dataSets, bareMs, ratio: total / bareMs, dataSetRatio: dataSets / bareMs, cpu, dataSetCpu, counts: run.counts };
}

async function round(neo4jUri: string, n: number): Promise<void> {
  const world = await startBenchWorld(SIZE, neo4jUri, 'twin-profile-');
  const { scenario, entraSim, oktaSim } = world;
  const cpuDir = process.env.PROFILE_CPU;
  const statements = process.env.PROFILE_STATEMENTS;
  const options = ['--max-old-space-size=768'];
  if (cpuDir) options.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuDir)}`);
  if (statements) {
    options.push('--import', 'tsx', '--import', './bench/profile-hook.ts');
    process.env.PROFILE_STATEMENTS_OUT = path.resolve(statements);
  }
  process.env.BENCH_API_NODE_OPTIONS = options.join(' ');
  const api = await startApiProcess(world.apiEnv).catch(async (err: unknown) => {
    await world.close();
    throw err;
  });
  const dbPid = neo4jPid();
  const out: Array<Record<string, unknown>> = [];
  try {
    await configureBoth(api.url, world);

    const cpu = (): Cpu => cpuNow(api.pid, dbPid);
    let c0 = cpu();
    const { run: entraRun, atEnrichment: e1 } = await syncAndWait(api.url, 'entraIdSync', cpu);
    let c1 = cpu();
    const entraCpu = cpuDelta(c0, c1);
    const entraDataSetCpu = cpuDelta(c0, e1 ?? c1);
    if (statements) process.kill(api.pid, 'SIGUSR2');
    c0 = cpu();
    const { run: oktaRun, atEnrichment: o1 } = await syncAndWait(api.url, 'oktaSync', cpu);
    c1 = cpu();
    const oktaCpu = cpuDelta(c0, c1);
    const oktaDataSetCpu = cpuDelta(c0, o1 ?? c1);
    if (statements) process.kill(api.pid, 'SIGUSR2');
    const rss = api.peakRssMiB();

    const token = await entraSim.issueAccessToken({ tenantId: scenario.entra.tenantId, clientId: ENTRA.clientId, roles: scenario.entra.clients[0]?.appPermissions ?? [] });
    c0 = cpuNow(api.pid, dbPid);
    const bareEntra = await bareEntraFetch({ graph: entraSim.graphEndpoint, token, ca: entraSim.caCertPem, hoursBack: HOURS_BACK });
    c1 = cpuNow(api.pid, dbPid);
    const bareEntraCpu = cpuDelta(c0, c1);
    c0 = c1;
    const bareOkta = await bareOktaFetch({ orgUrl: oktaSim.orgUrl, apiToken: OKTA_TOKEN, ca: entraSim.caCertPem, hoursBack: HOURS_BACK, concurrency: 8 });
    c1 = cpuNow(api.pid, dbPid);
    const bareOktaCpu = cpuDelta(c0, c1);

    console.log(`--- round ${n + 1}: ${SIZE} people, peak RSS of the API ${rss.toFixed(0)} MiB`);
    out.push(describe('entra', entraRun, entraCpu, entraDataSetCpu, bareEntra.ms));
    out.push(describe('okta', oktaRun, oktaCpu, oktaDataSetCpu, bareOkta.ms));
    console.log(`  bare CPU s: entra simulators+client ${bareEntraCpu.self.toFixed(1)}, okta ${bareOktaCpu.self.toFixed(1)}`);
    if (process.env.PROFILE_JSON) {
      appendFileSync(process.env.PROFILE_JSON, JSON.stringify({ date: new Date().toISOString(), size: SIZE, label: process.env.PROFILE_LABEL ?? '', rss, runs: out }) + '\n');
    }
  } finally {
    await api.stop();
    await world.close();
  }
}

const neo4jUri = process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7684';
for (let i = 0; i < ROUNDS; i += 1) await round(neo4jUri, i);
process.exit(0);
