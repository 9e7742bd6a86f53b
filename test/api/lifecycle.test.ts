/**
 * The process around the API: a bad setting stops it with a message naming the variable, SIGTERM drains
 * and exits cleanly, and Neo4j being down gives clear errors instead of hangs.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startApp } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';

const root = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function runMain(env: Record<string, string>): { exited: Promise<{ code: number | null; stderr: string }>; kill(sig: NodeJS.Signals): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    exited: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr }))),
    kill: (sig) => child.kill(sig),
  };
}

beforeAll(async () => {
  const g = await testGraph();
  await g.close();
});

describe('process lifecycle', () => {
  it('refuses to start with a bad setting, naming it', async () => {
    const { code, stderr } = await runMain({ PORT: 'eighty' }).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT="eighty" is invalid: expected an integer/);
  });

  it('refuses to start without API keys on a non-loopback address', async () => {
    const { code, stderr } = await runMain({ HOST: '0.0.0.0', TWIN_API_KEYS: '' }).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(/TWIN_API_KEYS/);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const proc = runMain({ PORT: String(port), HOST: '127.0.0.1', TWIN_API_KEYS: '' });
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error('never became ready');
      await new Promise((r) => setTimeout(r, 200));
    }
    proc.kill('SIGTERM');
    const started = Date.now();
    const { code } = await proc.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('Neo4j down', () => {
  it('fails to start with a clear DATABASE_UNAVAILABLE error', async () => {
    const port = await freePort();
    const config = loadConfig({ NEO4J_URI: `bolt://127.0.0.1:${port}`, PORT: '0', LOG_LEVEL: 'silent' });
    await expect(startApp(config, { log: createLogger('silent') })).rejects.toThrow(/Neo4j is not reachable/);
  });

  describe('after start', () => {
    let proxy: net.Server;
    let proxyPort = 0;
    let sockets: net.Socket[] = [];
    let t: TestApp;
    const target = new URL(loadConfig(process.env).neo4j.uri.replace(/^neo4j/, 'bolt'));

    // A TCP proxy in front of the test Neo4j, so the test can take "Neo4j" away and bring it back.
    async function openProxy(port: number): Promise<void> {
      proxy = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 7687), target.hostname);
        sockets.push(client, upstream);
        client.pipe(upstream).pipe(client);
        const end = (): void => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end);
        upstream.on('error', end);
      });
      await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', r));
      proxyPort = (proxy.address() as net.AddressInfo).port;
    }

    beforeAll(async () => {
      await openProxy(0);
      t = await startTestApp({ NEO4J_URI: `bolt://127.0.0.1:${proxyPort}` });
    });
    afterAll(async () => {
      await t?.close().catch(() => undefined);
      proxy?.close();
    });

    it('answers DATABASE_UNAVAILABLE and /readyz 503 while Neo4j is gone, and recovers', async () => {
      expect((await t.gql('{ people { totalCount } }')).errors).toBeUndefined();
      proxy.close();
      for (const s of sockets) s.destroy();
      sockets = [];
      const r = await t.gql('{ people { totalCount } }');
      expect(r.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      const base = t.app.url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      await openProxy(proxyPort);
      expect((await t.gql('{ people { totalCount } }')).errors).toBeUndefined();
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    });
  });
});

describe('sync runs across restarts', () => {
  it('marks a run left RUNNING by a crash as FAILED at startup, and keeps finished runs', async () => {
    const graph = await testGraph();
    const base = { integration: 'entra', source: 'ENTRA_ID', startedAt: '2026-01-01T00:00:00.000Z', options: '{}', counts: '[]', errors: '[]', warnings: '[]' };
    await graph.write(
      `CREATE (:SyncRun $crashed), (:SyncRun $done)`,
      { crashed: { ...base, id: 'crashed-run', status: 'RUNNING' }, done: { ...base, id: 'done-run', status: 'SUCCEEDED', finishedAt: '2026-01-01T00:01:00.000Z' } },
    );
    await graph.close();
    const t = await startTestApp();
    try {
      const q = 'query($id: ID!) { syncRun(id: $id) { status finishedAt errors { dataSet code message } } }';
      const crashed = await t.gql<{ syncRun: { status: string; errors: Array<{ code: string }> } }, { id: string }>(q, { id: 'crashed-run' });
      expect(crashed.data?.syncRun.status).toBe('FAILED');
      expect(crashed.data?.syncRun.errors[0]?.code).toBe('INTERRUPTED');
      const done = await t.gql<{ syncRun: { status: string } }, { id: string }>(q, { id: 'done-run' });
      expect(done.data?.syncRun.status).toBe('SUCCEEDED');
    } finally {
      await t.close();
    }
  });
});
