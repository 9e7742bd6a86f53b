/**
 * Starts the real API (same composition root as `npm start`) on a free loopback port, against the
 * test Neo4j, and sends GraphQL over real HTTP with typed documents from codegen.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startApp, type App, type AppOptions } from '../../src/app.js';

export const ADMIN_KEY = 'admin-key-0123456789abcdef';
export const ANALYST_KEY = 'analyst-key-0123456789abcdef';

export interface GqlResult<T> {
  status: number;
  data: T | null;
  errors: Array<{ message: string; extensions?: { code?: string; providerCode?: string; field?: string } }> | undefined;
  /** Cypher statements the request cost (x-cypher-statements). */
  statements: number;
}

export interface TestApp {
  app: App;
  gql<T, V>(doc: TypedDocumentNode<T, V> | string, variables?: V, key?: string | null): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string | undefined> = {}, opts: AppOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    TWIN_API_KEYS: `admin:${ADMIN_KEY},analyst:${ANALYST_KEY}`,
    TWIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'twin-test-')),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await startApp(config, { log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...opts });
  return {
    app,
    async gql<T, V>(doc: TypedDocumentNode<T, V> | string, variables?: V, key: string | null = ADMIN_KEY): Promise<GqlResult<T>> {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query: typeof doc === 'string' ? doc : print(doc), variables }),
      });
      const body = (await res.json()) as { data?: T | null; errors?: GqlResult<T>['errors'] };
      return { status: res.status, data: body.data ?? null, errors: body.errors, statements: Number(res.headers.get('x-cypher-statements') ?? 'NaN') };
    },
    close: () => app.close(),
  };
}

/** Polls a sync run until it is no longer running. */
export async function waitForRun<T extends { status: string }>(poll: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await poll();
    if (run && run.status !== 'RUNNING' && run.status !== 'QUEUED') return run;
    if (Date.now() > deadline) throw new Error(`sync still ${run?.status ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
