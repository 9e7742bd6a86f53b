/**
 * The production build: `tsc -p tsconfig.build.json` compiles src/ alone, the compiled JavaScript imports
 * only Node builtins and "dependencies", and `node dist/main.js` (the image's CMD, no tsx) serves
 * /healthz and GraphQL against the test Neo4j with NODE_ENV=production. The build goes to a temp folder
 * laid out like the image (dist/, package.json, node_modules); node_modules is the repository's here,
 * the production-only install is `npm run docker:dry-run`'s job.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapingImports, undeclaredImports } from '../../tools/docker/imports.mjs';
import { assertScratchDatabase } from '../support/neo4j.js';

const root = path.resolve(import.meta.dirname, '../..');
const KEY = 'build-test-admin-key-0123456789';
let work = '';
let dist = '';
let build: { status: number | null; output: string };

beforeAll(() => {
  // The server runs migrations and marks interrupted sync runs FAILED: only on the tests' database.
  assertScratchDatabase();
  work = mkdtempSync(path.join(tmpdir(), 'twin-build-test-'));
  dist = path.join(work, 'dist');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', dist], { cwd: root, encoding: 'utf8' });
  build = { status: tsc.status, output: `${tsc.stdout}${tsc.stderr}` };
  copyFileSync(path.join(root, 'package.json'), path.join(work, 'package.json'));
  symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('compiles src/ alone to JavaScript that imports only dependencies', () => {
    expect(build.output.trim(), 'tsc -p tsconfig.build.json').toBe('');
    expect(build.status).toBe(0);
    expect(existsSync(path.join(dist, 'main.js'))).toBe(true);
    expect(existsSync(path.join(dist, 'main.js.map'))).toBe(true);
    for (const dir of ['src', 'dev', 'test', 'bench', 'tools']) expect(existsSync(path.join(dist, dir)), `dist/${dir}`).toBe(false);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // A devDependency imported at run time is missing from the production image.
    expect(undeclaredImports(dist, pkg)).toEqual([]);
    expect(escapingImports(dist)).toEqual([]);
  });
});

describe('node dist/main.js', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves /healthz and GraphQL with NODE_ENV=production, and exits 0 on SIGTERM', async () => {
    expect(build.status).toBe(0);
    // Only what the image gives it: no NODE_OPTIONS (so no tsx loader), production mode.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      TWIN_API_KEYS: `admin:${KEY}`,
      TWIN_DATA_DIR: path.join(work, '.data'),
      LOG_LEVEL: 'info',
    };
    for (const name of ['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) {
      const value = process.env[name];
      if (value) env[name] = value;
    }
    const proc = spawn(process.execPath, ['dist/main.js'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line within 30 s:\n${output}`)), 30_000);
      let buffered = '';
      proc.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'identity twin API listening' && entry.url) {
            clearTimeout(timer);
            resolve(entry.url);
          }
        }
      });
      void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
    });
    const base = url.replace(/\/graphql$/, '');

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const gql = async (query: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query }) });
      return (await res.json()) as { data?: { people?: { totalCount: number } }; errors?: Array<{ extensions?: Record<string, unknown> }> };
    };
    const answer = await gql('{ people(first: 1) { totalCount } }');
    expect(answer.errors).toBeUndefined();
    expect(typeof answer.data?.people?.totalCount).toBe('number');
    const wrong = await gql('{ nope }');
    expect(wrong.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // NODE_ENV=production reached Express: a malformed body gets a plain 400, not a stack trace.
    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": oops' });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toMatch(/SyntaxError|JSON\.parse|node_modules/);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
