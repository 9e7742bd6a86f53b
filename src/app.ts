/**
 * Composition root shared by `npm start`, the demo and the tests: config → Neo4j → migrations →
 * services → HTTP server. Returns a handle that shuts everything down in order.
 */
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { createGraph, type Graph } from './neo4j/driver.js';
import { migrate } from './model/migrations.js';
import { loadSecretBox } from './secrets/cipher.js';
import { IntegrationConfigStore } from './integrations/config-store.js';
import { IntegrationService } from './integrations/service.js';
import { ScheduleStore } from './integrations/schedule-store.js';
import { Scheduler } from './integrations/scheduler.js';
import { AuditLog } from './audit/audit-log.js';
import { RunStore } from './ingest/run-store.js';
import { SyncRunner } from './ingest/runner.js';
import { readExtraCa, type RetryPolicy } from './ingest/http.js';
import { createEntraConnector } from './ingest/entra/connector.js';
import { createOktaConnector } from './ingest/okta/connector.js';
import { enrichAfterSync, enrichWhileSyncing } from './twin/enrich.js';
import type { PassResult } from './twin/enrich-pass.js';
import { startApiServer, type ApiServer } from './api/server.js';
import type { QueryLimits } from './api/limits.js';
import type { Services } from './api/context.js';

export interface AppOptions {
  log?: Logger;
  /** Extra CA PEM for outbound TLS; defaults to the contents of TWIN_TLS_CA_FILE. */
  extraCaPem?: string;
  /** Test hook: short backoffs so fault tests do not sleep for real. */
  retry?: Partial<RetryPolicy>;
  limits?: Partial<QueryLimits>;
}

export interface App {
  config: Config;
  services: Services;
  runner: SyncRunner;
  api: ApiServer;
  url: string;
  close(): Promise<void>;
}

export async function startApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.logLevel);
  if (config.apiKeys === undefined) {
    log.warn({ host: config.host }, 'TWIN_API_KEYS is not set: open access on this loopback address only');
  }
  const graph: Graph = createGraph(config.neo4j, config.queryTimeoutMs);
  let migrated = false;
  try {
    await migrate(graph);
    migrated = true;
  } catch (err) {
    await graph.close();
    throw err;
  }
  const box = loadSecretBox(config.encryptionKey, config.dataDir, log, config.previousEncryptionKeys);
  const configStore = new IntegrationConfigStore(graph, box);
  const resealed = await configStore.reseal();
  if (resealed.length > 0) log.info({ integrations: resealed }, 'stored credentials re-sealed under the current encryption key');
  const runs = new RunStore(graph);
  const orphans = await runs.failOrphans();
  if (orphans > 0) log.warn({ orphans }, 'marked sync runs whose replica stopped (their lease lapsed) as FAILED');

  const extraCaPem = opts.extraCaPem ?? readExtraCa(config.tlsCaFile);
  const leaseMs = config.syncLeaseSeconds * 1000;
  // Operators size the enrichment from these lines: it is the part of a sync that grows with the whole tenant.
  // `ms` is the pass's wall time in the sync, the wait for the twin's lock included.
  const logPass = (runId: string, stage: 'WHILE_LOADING' | 'AFTER_SYNC', pass: PassResult, started: number): void => {
    const ms = Math.round(performance.now() - started);
    log.info({ runId, stage, ms, mode: pass.mode, changed: pass.changed, scope: pass.scope, activity: pass.activity, timings: pass.timings, facts: pass.facts }, 'twin enriched');
  };
  const runner = new SyncRunner(graph, runs, log, [async (run) => {
    const started = performance.now();
    logPass(run.id, 'AFTER_SYNC', await enrichAfterSync(graph), started);
  }], {
    leaseMs,
    deadlineMs: config.syncDeadlineMinutes * 60_000,
    whileLoading: async (run) => {
      const started = performance.now();
      const pass = await enrichWhileSyncing(graph);
      if (pass) logPass(run.id, 'WHILE_LOADING', pass, started);
    },
  });
  const deps = { config, log, graph, extraCaPem };
  const connectorOpts = opts.retry ? { retry: opts.retry } : {};
  const schedules = new ScheduleStore(graph);
  const integrations = new IntegrationService(configStore, runner, [
    createEntraConnector(deps, connectorOpts),
    createOktaConnector(deps, connectorOpts),
  ], { store: schedules, minuteMs: config.scheduler.minuteMs });
  const services: Services = { config, log, graph, integrations, audit: new AuditLog(graph) };

  const api = await startApiServer(services, {
    ready: async () => {
      if (!migrated) return false;
      // A load balancer's probe wants a quick answer, not the driver's retries.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref());
      await Promise.race([graph.ping(), timeout]);
      return true;
    },
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  log.info({ url: api.url }, 'identity twin API listening');
  // TWIN_SCHEDULER=off keeps this replica from starting scheduled syncs; the others still run them.
  const scheduler = config.scheduler.enabled
    ? new Scheduler(schedules, integrations, log, { tickMs: config.scheduler.tickMs, minuteMs: config.scheduler.minuteMs })
    : undefined;
  scheduler?.start();

  return {
    config,
    services,
    runner,
    api,
    url: api.url,
    async close() {
      // No scheduled sync may start once shutdown began: the ticking stops first.
      await scheduler?.stop();
      await api.close();
      await runner.close();
      await graph.close();
    },
  };
}
