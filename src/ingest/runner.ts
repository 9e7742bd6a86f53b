/**
 * Runs syncs: one at a time per integration, in the background, recording progress as it goes.
 *
 * Semantics (the contract's SyncStatus): a data set's old data is replaced only when it finished;
 * a failed data set keeps its previous data and the run ends PARTIAL; when nothing could be read
 * (authentication failed, or every data set failed) the run ends FAILED.
 */
import { randomUUID } from 'node:crypto';
import type { Graph, Params } from '../neo4j/driver.js';
import type { Logger } from '../log.js';
import { TwinError, errorMessage } from '../errors.js';
import { type SyncRunRecord } from './types.js';
import { INTEGRATION_ID, type Source } from '../model/vocabulary.js';
import type { ConnectorSession, DataSet, DataSetContext } from './data-set.js';
import type { RunStore } from './run-store.js';
import type { Statement } from '../model/cleanup.js';
import { withProgress } from './progress.js';

/** Work after a sync that loaded something: identity resolution, posture snapshot. */
export type AfterSyncHook = (run: SyncRunRecord) => Promise<void>;

const SAVE_INTERVAL_MS = 500;

export class SyncRunner {
  private readonly active = new Map<string, { run: SyncRunRecord; done: Promise<void> }>();
  private readonly controller = new AbortController();

  constructor(
    private readonly graph: Graph,
    private readonly runs: RunStore,
    private readonly log: Logger,
    private readonly afterSync: AfterSyncHook[] = [],
  ) {}

  /** The running run of an integration, if any (kept in memory so polling sees live counts). */
  current(integration: string): SyncRunRecord | undefined {
    return this.active.get(integration)?.run;
  }

  async get(id: string): Promise<SyncRunRecord | null> {
    for (const { run } of this.active.values()) if (run.id === id) return structuredClone(run);
    return this.runs.get(id);
  }

  async latest(integration: string): Promise<SyncRunRecord | null> {
    const live = this.current(integration);
    return live ? structuredClone(live) : this.runs.latest(integration);
  }

  /** Waits for the integration's running sync, if any (tests, shutdown). */
  async settle(integration?: string): Promise<void> {
    const entries = integration ? [this.active.get(integration)] : [...this.active.values()];
    await Promise.all(entries.map((e) => e?.done));
  }

  /**
   * Starts a sync and returns its run at once. A second call while one runs returns that running run.
   * `open` builds the connector session (reads and decrypts stored settings).
   */
  async start(source: Source, options: Record<string, unknown>, open: () => Promise<ConnectorSession>): Promise<SyncRunRecord> {
    const integration = INTEGRATION_ID[source];
    const existing = this.active.get(integration);
    if (existing) return structuredClone(existing.run);
    const session = await open();
    const run: SyncRunRecord = {
      id: randomUUID(),
      integration,
      source,
      status: 'RUNNING',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      options,
      counts: [],
      errors: [],
      warnings: [],
      progress: 'authenticating',
    };
    await this.runs.save(run);
    const done = this.execute(run, session)
      .catch((err: unknown) => this.log.error({ err, runId: run.id }, 'sync run crashed'))
      .finally(() => this.active.delete(integration));
    this.active.set(integration, { run, done });
    return structuredClone(run);
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.settle();
  }

  private async execute(run: SyncRunRecord, session: ConnectorSession): Promise<void> {
    const log = this.log.child({ runId: run.id, integration: run.integration });
    let lastSave = 0;
    const save = async (force = false): Promise<void> => {
      if (!force && Date.now() - lastSave < SAVE_INTERVAL_MS) return;
      lastSave = Date.now();
      await this.runs.save(run);
    };

    try {
      await this.runDataSets(run, session, log, save);
    } finally {
      await session.close().catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'closing the connector session failed'));
    }
  }

  private async runDataSets(run: SyncRunRecord, session: ConnectorSession, log: Logger, save: (force?: boolean) => Promise<void>): Promise<void> {
    const signal = this.controller.signal;
    try {
      await session.authenticate(signal);
    } catch (err) {
      run.errors.push(toErrorEntry('auth', err));
      await this.finish(run, 'FAILED', log);
      return;
    }

    const dataSets = session.dataSets();
    let failed = 0;
    for (const ds of dataSets) {
      if (signal.aborted) {
        run.errors.push({ dataSet: ds.name, code: 'ABORTED', message: 'the server is shutting down' });
        failed += 1;
        continue;
      }
      run.progress = `syncing ${ds.name}`;
      run.counts.push({ dataSet: ds.name, count: 0, durationMs: 0 });
      await save(true);
      try {
        await this.runDataSet(run, session, ds, log, signal, save);
        log.info({ dataSet: ds.name, count: countOf(run, ds.name) }, 'data set synced');
      } catch (caught) {
        const err = session.advise ? session.advise(ds.name, caught) : caught;
        failed += 1;
        run.errors.push(toErrorEntry(ds.name, err));
        log.warn({ dataSet: ds.name, code: providerCodeOf(err), err: errorMessage(err) }, 'data set failed; its previous data is kept');
      }
    }

    const status = dataSets.length > 0 && failed === dataSets.length ? 'FAILED' : failed > 0 ? 'PARTIAL' : 'SUCCEEDED';
    if (status !== 'FAILED') {
      for (const hook of this.afterSync) {
        run.progress = 'enriching the twin';
        try {
          await hook(run);
        } catch (err) {
          run.errors.push(toErrorEntry('enrichment', err));
          log.error({ err }, 'enrichment after sync failed');
        }
      }
    }
    await this.finish(run, run.errors.some((e) => e.dataSet === 'enrichment') && status === 'SUCCEEDED' ? 'PARTIAL' : status, log);
  }

  private async runDataSet(
    run: SyncRunRecord,
    session: ConnectorSession,
    ds: DataSet,
    log: Logger,
    signal: AbortSignal,
    save: (force?: boolean) => Promise<void>,
  ): Promise<void> {
    const entry = run.counts.find((c) => c.dataSet === ds.name);
    const started = Date.now();
    const tick = (): void => {
      if (entry) entry.durationMs = Date.now() - started;
    };
    const stamp: Params = { integration: run.integration, source: run.source, runId: run.id, seenAt: run.startedAt, dataSet: ds.name };
    const execute = async (statement: Statement, params: Params): Promise<void> => {
      // Statements that commit in chunks (CALL … IN TRANSACTIONS) need an auto-commit transaction.
      if (statement.batched) await this.graph.writeAutoCommit(statement.cypher, params);
      else await this.graph.write(statement.cypher, params);
    };
    const ctx: DataSetContext = {
      startedAt: run.startedAt,
      signal,
      count: (n) => {
        if (entry) entry.count += n;
      },
      warn: (code, message) => {
        run.warnings.push({ dataSet: ds.name, code, message });
        log.warn({ dataSet: ds.name, code }, message);
      },
      progress: (text) => {
        run.progress = text ?? `syncing ${ds.name}`;
        void save().catch(() => undefined);
      },
      write: async (write, rows) => {
        await this.graph.write(write.cypher, { ...stamp, ...write.params, rows });
        await save();
      },
      execute: (statement) => execute(statement, stamp),
    };
    try {
      const { waits } = await withProgress(ctx.progress, () => ds.run(ctx));
      if (waits.count > 0 && session.rateLimitWarningCode) {
        ctx.warn(session.rateLimitWarningCode, `waited ${waits.count} time(s), ${Math.round(waits.totalMs / 1000)} s in all, for the provider's rate limits`);
      }
      run.progress = `cleaning up ${ds.name}`;
      for (const statement of ds.cleanup) {
        await execute(statement, { ...stamp, ...ds.cleanupParams });
      }
    } finally {
      tick();
    }
  }

  private async finish(run: SyncRunRecord, status: SyncRunRecord['status'], log: Logger): Promise<void> {
    run.status = status;
    run.finishedAt = new Date().toISOString();
    run.progress = null;
    await this.runs.save(run);
    log.info({ status, counts: run.counts, errors: run.errors.length }, 'sync run finished');
  }
}

function countOf(run: SyncRunRecord, dataSet: string): number {
  return run.counts.find((c) => c.dataSet === dataSet)?.count ?? 0;
}

function providerCodeOf(err: unknown): string | null {
  if (err instanceof TwinError) return err.providerCode ?? err.code;
  return null;
}

function toErrorEntry(dataSet: string, err: unknown): { dataSet: string; code: string | null; message: string } {
  return { dataSet, code: providerCodeOf(err), message: errorMessage(err) };
}
