/**
 * API replicas as real processes (`tsx src/main.ts`) on the test Neo4j, each on a free loopback port with
 * its own data dir: what the replica tests (test/api/replicas.test.ts, schedule-replicas.test.ts) start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface Replica {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Its JSON log lines (pino writes to stdout). */
  stdout(): string;
  stderr(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a replica with the test's environment on top of this process's. */
export async function spawnReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), TWIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'twin-replica-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Waits until the replica answers /readyz. */
export async function ready(r: Replica, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fetch(`${r.url}/readyz`).then((res) => res.ok, () => false))) {
    if (r.child.exitCode !== null) throw new Error(`replica exited with ${r.child.exitCode}: ${r.stderr()}`);
    if (Date.now() > deadline) throw new Error(`replica never became ready: ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Kills what is still running (SIGKILL) and waits for every replica to exit. */
export async function killReplicas(replicas: readonly Replica[]): Promise<void> {
  for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.exited));
}

/** GraphQL over HTTP with one API key; a response with errors throws. */
export function replicaClient(key: string) {
  return async function gql<T>(r: Replica, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${r.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

/** Polls until `done` holds, or fails saying what it waited for and the last value. */
export async function until<T>(what: string, poll: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await poll();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
