/** The API under test runs in its own process (as in production), so its peak RSS is its own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { EnrichmentPass } from './report.js';

export interface ApiProcess {
  url: string;
  pid: number;
  /** VmHWM: the process's peak resident set size, in MiB. */
  peakRssMiB(): number;
  /** How the process ended, if it has (e.g. 'exited with code 134' when V8 ran out of heap). */
  ended(): string | undefined;
  /** Its last warnings and errors, for a failure's message. */
  lastLog(): string;
  /** The enrichment passes it logged for a sync run ('twin enriched'), in order. */
  enrichmentOf(runId: string): EnrichmentPass[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** `env.TWIN_API_KEYS` gives the process keys (open access on loopback without). */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const root = path.resolve(import.meta.dirname, '..');
  const port = await freePort();
  // The API runs as a deployment would: with a heap cap, so V8 collects before growing (without one it
  // grows lazily towards a quarter of the machine's memory). BENCH_API_NODE_OPTIONS overrides it.
  const nodeOptions = (process.env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=768').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, TWIN_API_KEYS: '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The API must not outlive whoever started it (an interrupted bench would leave it writing into the next run's Neo4j).
  const killChild = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  // Its warnings and errors are kept (the last ones) so a process that ends says why, and its enrichment
  // passes for the report; the log is not printed otherwise.
  const recent: string[] = [];
  const passes = new Map<string, EnrichmentPass[]>();
  const lines = createInterface({ input: child.stdout ?? Readable.from([]), crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    const entry = parseLogLine(line);
    if (entry?.pass) passes.set(entry.pass.runId, [...(passes.get(entry.pass.runId) ?? []), entry.pass.pass]);
    if (entry && entry.level < WARN) return;
    recent.push(line);
    recent.splice(0, Math.max(0, recent.length - 20));
  });
  const lastLines = (): string => (recent.length > 0 ? `; its last log lines:\n${recent.slice(-5).join('\n')}` : '');
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}${lastLines()}`);
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('API process did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid ?? 0;
  let ended: string | undefined;
  child.once('exit', (code, signal) => {
    ended = signal ? `was killed by ${signal}` : `exited with code ${code}${code === 0 ? '' : lastLines()}`;
  });
  let peak = NaN;
  return {
    url: `${base}/graphql`,
    pid,
    peakRssMiB() {
      if (ended) return peak;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      peak = m ? Number(m[1]) / 1024 : NaN;
      return peak;
    },
    ended: () => ended,
    lastLog: () => recent.slice(-5).join('\n'),
    enrichmentOf: (runId) => passes.get(runId) ?? [],
    async stop() {
      if (ended) return;
      const exit = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exit;
    },
  };
}

/** pino's level of a warning. */
const WARN = 40;

/** A JSON log line's level, and the pass it reports when it is a 'twin enriched' line; null when not JSON. */
function parseLogLine(line: string): { level: number; pass?: { runId: string; pass: EnrichmentPass } } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const o = parsed;
  const level = typeof o.level === 'number' ? o.level : WARN;
  if (o.msg !== 'twin enriched' || typeof o.runId !== 'string') return { level };
  const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
  const activity = isRecord(o.activity) ? o.activity.accounts : undefined;
  return {
    level,
    pass: {
      runId: o.runId,
      pass: { stage: String(o.stage), mode: String(o.mode), changed: num(o.changed), scope: num(o.scope), activity: num(activity), ms: num(o.ms) },
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
