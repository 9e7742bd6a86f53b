/**
 * Runs syncs: one at a time per integration across every replica on the same Neo4j, in the background,
 * recording progress as it goes.
 *
 * Semantics (the contract's SyncStatus): a data set's old data is replaced only when it finished;
 * a failed data set keeps its previous data and the run ends PARTIAL; when nothing could be read
 * (authentication failed, or every data set failed) the run ends FAILED; cancelSync or a shutdown stops
 * the run at the next page boundary and it ends CANCELLED (the data sets that finished keep their cleanup).
 *
 * One run per integration: in this process a promise per integration holds the slot from the first line
 * of `start` until the run is recorded (a double-click starts one run); across replicas a lease in Neo4j
 * decides (RunStore.acquire), renewed by a heartbeat and lapsing when its holder dies.
 *
 * The shrink guard: a data set whose listing has fewer than half the objects its last complete sync
 * loaded is not cleaned up (LISTING_SHRANK) unless the run allows large deletes.
 *
 * Incremental sync: a data set that can read only changes, and whose last successful run saved a change
 * cursor, reads from that cursor (unless the request is `full`); it removes what the provider says is gone
 * itself, so neither the shrink guard nor the cleanup by absence runs for it. A cursor is saved only when
 * its data set finished (cleanup included); a provider that no longer knows it (SyncStateExpired) makes the
 * data set read whole in the same run.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Graph, Params } from '../neo4j/driver.js';
import type { Logger } from '../log.js';
import { TwinError, errorMessage } from '../errors.js';
import { type SyncErrorEntry, type SyncRunRecord } from './types.js';
import { INTEGRATION_ID, type Source } from '../model/vocabulary.js';
import type { ConnectorSession, DataSet, DataSetContext } from './data-set.js';
import type { RunStore } from './run-store.js';
import type { Statement } from '../model/cleanup.js';
import { withProgress } from './progress.js';
import { SyncStateExpired } from './resource.js';

/** Work after a sync that loaded something: identity resolution, posture snapshot. */
export type AfterSyncHook = (run: SyncRunRecord) => Promise<void>;

/**
 * Work a run starts once its first data set has loaded (the users, whose identities the later data sets link
 * to), beside the rest: enrichment of the changes so far, so the work after the sync is only what came later.
 */
export type WhileLoadingHook = (run: SyncRunRecord) => Promise<void>;

export interface SyncRunnerOptions {
  /** A lease lapses this long after its last renewal (default 45 s). */
  leaseMs?: number;
  /** How often the holder renews it (default: a fifth of leaseMs, at most 10 s). */
  heartbeatMs?: number;
  /** Longest a run may take; then its unfinished data sets fail with RUN_DEADLINE (default 4 h). */
  deadlineMs?: number;
  whileLoading?: WhileLoadingHook;
}

/** What a run is told when it starts. */
export interface RunRequest {
  /** Accept a listing that shrank by half or more (cleanup deletes what it no longer has). */
  allowLargeDeletes?: boolean;
  /** Read every data set whole, even those with a saved change cursor. */
  full?: boolean;
}

const SAVE_INTERVAL_MS = 500;
/** Warnings a run keeps; beyond them one entry says how many more there were. */
export const MAX_WARNINGS = 100;
/** A listing shorter than this share of the last complete one is not cleaned up without allowLargeDeletes. */
export const SHRINK_RATIO = 0.5;
/** Data sets whose cleanup is by age (events), not by absence: a short listing deletes nothing. */
const NOT_GUARDED = new Set(['signIns', 'logs']);
/** Waits between attempts to record a finished run while Neo4j is away (then its lease lapses). */
const FINISH_RETRY_MS = [250, 1_000, 2_000, 4_000, 8_000];
const SAVE_RETRY_MS = [100, 500];

/** Why a run's signal was aborted; the run's status and error entries follow from it. */
class StopReason extends Error {
  constructor(
    readonly code: 'CANCELLED' | 'RUN_DEADLINE' | 'LEASE_LOST',
    message: string,
  ) {
    super(message);
  }
}

interface ActiveRun {
  run: SyncRunRecord;
  done: Promise<void>;
  controller: AbortController;
}

export class SyncRunner {
  private readonly active = new Map<string, ActiveRun>();
  /** Starts between the first line of `start` and the run being recorded (or the slot found taken). */
  private readonly starting = new Map<string, Promise<SyncRunRecord>>();
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly deadlineMs: number;
  private readonly whileLoading: WhileLoadingHook | undefined;
  private closing = false;

  constructor(
    private readonly graph: Graph,
    private readonly runs: RunStore,
    private readonly log: Logger,
    private readonly afterSync: AfterSyncHook[] = [],
    options: SyncRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 45_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.min(10_000, Math.max(200, Math.floor(this.leaseMs / 5)));
    this.deadlineMs = options.deadlineMs ?? 4 * 60 * 60_000;
    this.whileLoading = options.whileLoading;
  }

  /** The running run of an integration in this process, if any (kept in memory so polling sees live counts). */
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

  /** Runs newest first, of one integration or all; this process's running ones with their live counts. */
  async list(integration: string | null, first: number): Promise<SyncRunRecord[]> {
    const stored = await this.runs.list(integration, first);
    return stored.map((r) => {
      const live = this.current(r.integration);
      return live && live.id === r.id ? structuredClone(live) : r;
    });
  }

  /** Waits for the integration's running sync, if any (tests, shutdown). */
  async settle(integration?: string): Promise<void> {
    const starts = integration ? [this.starting.get(integration)] : [...this.starting.values()];
    await Promise.all(starts.map((s) => s?.catch(() => undefined)));
    const entries = integration ? [this.active.get(integration)] : [...this.active.values()];
    await Promise.all(entries.map((e) => e?.done));
  }

  /**
   * Starts a sync and returns its run at once. A second call while one runs — here or on another replica —
   * returns that running run. `open` builds the connector session (reads and decrypts stored settings).
   */
  start(source: Source, options: Record<string, unknown>, open: () => Promise<ConnectorSession>, request: RunRequest = {}): Promise<SyncRunRecord> {
    const integration = INTEGRATION_ID[source];
    // Nothing may await before the slot is taken: a double-click must find it.
    const existing = this.active.get(integration);
    if (existing) return Promise.resolve(structuredClone(existing.run));
    const pending = this.starting.get(integration);
    if (pending) return pending;
    const started = this.begin(source, integration, options, open, request).finally(() => this.starting.delete(integration));
    this.starting.set(integration, started);
    return started;
  }

  private async begin(
    source: Source,
    integration: string,
    options: Record<string, unknown>,
    open: () => Promise<ConnectorSession>,
    request: RunRequest,
  ): Promise<SyncRunRecord> {
    if (this.closing) throw new TwinError('UPSTREAM_UNAVAILABLE', 'the server is shutting down; start the sync again on another replica');
    const session = await open();
    const run: SyncRunRecord = {
      id: randomUUID(),
      integration,
      source,
      status: 'RUNNING',
      mode: 'FULL',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      options,
      counts: [],
      errors: [],
      warnings: [],
      progress: 'authenticating',
    };
    let outcome;
    try {
      outcome = await this.runs.acquire(run, this.holder, this.leaseMs);
    } catch (err) {
      await this.closeSession(session, this.log);
      throw err;
    }
    if (!outcome.acquired) {
      await this.closeSession(session, this.log);
      const running = outcome.runId ? await this.runs.get(outcome.runId) : null;
      if (!running) throw new TwinError('INTERNAL', `another sync of ${source} holds the slot, but its run cannot be read`);
      return running;
    }
    const controller = new AbortController();
    // Every in-flight provider request of the run (factor calls, read-ahead, writes) listens on this
    // signal: dozens at once is expected, not a leak.
    setMaxListeners(256, controller.signal);
    const done = this.execute(run, session, controller, request)
      .catch((err: unknown) => this.log.error({ err, runId: run.id }, 'sync run crashed'))
      .finally(() => this.active.delete(integration));
    this.active.set(integration, { run, done, controller });
    return structuredClone(run);
  }

  /**
   * Asks a running run to stop at its next page boundary (it ends CANCELLED); a run on another replica is
   * asked through its lease and stops at that replica's next heartbeat. Returns the run as it is then.
   */
  async cancel(id: string): Promise<SyncRunRecord | null> {
    for (const entry of this.active.values()) {
      if (entry.run.id !== id) continue;
      entry.controller.abort(new StopReason('CANCELLED', 'cancelled by cancelSync; data sets that had not finished kept their previous data'));
      // A page boundary is usually near: answer with the ended run when it comes within a few seconds.
      await Promise.race([entry.done, new Promise((r) => setTimeout(r, 5_000).unref())]);
      return structuredClone(entry.run);
    }
    const run = await this.runs.get(id);
    if (run && run.status === 'RUNNING') await this.runs.requestCancel(id);
    return run;
  }

  /** Shutdown: running syncs stop at their next page boundary (CANCELLED) and are recorded; then it resolves. */
  async close(): Promise<void> {
    this.closing = true;
    for (const entry of this.active.values()) {
      entry.controller.abort(new StopReason('CANCELLED', 'the server shut down; data sets that had not finished kept their previous data'));
    }
    await this.settle();
  }

  private async closeSession(session: ConnectorSession, log: Logger): Promise<void> {
    await session.close().catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'closing the connector session failed'));
  }

  private async execute(run: SyncRunRecord, session: ConnectorSession, controller: AbortController, request: RunRequest): Promise<void> {
    const log = this.log.child({ runId: run.id, integration: run.integration });
    let lastSave = 0;
    // Progress saves are retried and never fatal: the run goes on, and the next save carries it all.
    const save = async (force = false): Promise<void> => {
      if (!force && Date.now() - lastSave < SAVE_INTERVAL_MS) return;
      lastSave = Date.now();
      const ok = await retried(() => this.runs.save(run), SAVE_RETRY_MS, controller.signal);
      if (!ok) log.warn('saving the run\'s progress failed; the sync goes on');
    };
    const stopHeartbeat = this.heartbeat(run, controller, log);
    const deadline = setTimeout(() => {
      controller.abort(new StopReason('RUN_DEADLINE', `the run passed its deadline of ${Math.round(this.deadlineMs / 60_000)} min (TWIN_SYNC_DEADLINE_MINUTES)`));
    }, this.deadlineMs);
    deadline.unref();

    let status: SyncRunRecord['status'] = 'FAILED';
    try {
      status = await this.runDataSets(run, session, log, save, controller.signal, request);
    } catch (err) {
      run.errors.push(toErrorEntry('run', err));
      log.error({ err }, 'sync run failed');
      status = 'FAILED';
    } finally {
      clearTimeout(deadline);
      await this.closeSession(session, log);
      await this.finish(run, status, log);
      stopHeartbeat();
    }
  }

  /**
   * Renews the run's lease every heartbeatMs. Losing it (another replica took it over after it lapsed)
   * or failing to renew it for a whole lease stops the run: another replica may be running it now.
   */
  private heartbeat(run: SyncRunRecord, controller: AbortController, log: Logger): () => void {
    let lastRenewed = Date.now();
    let beating = false;
    const timer = setInterval(() => {
      if (beating) return;
      beating = true;
      this.runs.heartbeat(run.integration, run.id, this.leaseMs).then(
        (beat) => {
          if (!beat.held) {
            controller.abort(new StopReason('LEASE_LOST', 'this replica lost the sync lease (it could not renew it in time); another replica may be syncing'));
            return;
          }
          lastRenewed = Date.now();
          if (beat.cancel) controller.abort(new StopReason('CANCELLED', 'cancelled by cancelSync; data sets that had not finished kept their previous data'));
        },
        (err: unknown) => {
          log.warn({ err: errorMessage(err) }, 'renewing the sync lease failed');
          if (Date.now() - lastRenewed > this.leaseMs) {
            controller.abort(new StopReason('LEASE_LOST', 'this replica could not renew the sync lease (Neo4j unreachable); the run stopped'));
          }
        },
      ).finally(() => {
        beating = false;
      });
    }, this.heartbeatMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async runDataSets(
    run: SyncRunRecord,
    session: ConnectorSession,
    log: Logger,
    save: (force?: boolean) => Promise<void>,
    signal: AbortSignal,
    request: RunRequest,
  ): Promise<SyncRunRecord['status']> {
    try {
      await session.authenticate(signal);
    } catch (err) {
      const stop = stopReasonOf(signal);
      if (stop) {
        run.errors.push({ dataSet: 'auth', code: stop.code, message: stop.message });
        return stop.code === 'CANCELLED' ? 'CANCELLED' : 'FAILED';
      }
      run.errors.push(toErrorEntry('auth', err));
      return 'FAILED';
    }

    const dataSets = session.dataSets();
    // A full request reads no cursor: every data set is read whole and starts a new change feed.
    const cursors = request.full ? new Map<string, string>() : await this.runs.cursors(run.integration);
    const cursorOf = (ds: DataSet): string | null => (ds.incremental ? cursors.get(ds.name) ?? null : null);
    if (dataSets.some((ds) => cursorOf(ds) !== null)) run.mode = 'INCREMENTAL';
    let failed = 0;
    // Data sets held back by the shrink guard: loaded, not cleaned up (the run is PARTIAL, not FAILED).
    let shrunk = 0;
    const order = new Map(dataSets.map((ds, i) => [ds.name, i]));
    // Started once, when the first data set loaded; awaited before the run ends (whatever its status), so a
    // shutdown or a cancel never leaves it writing. A failure only warns in the log: the pass after the sync
    // finds the enrichment incomplete or the flags still raised, and does the work.
    let loading: Promise<void> | null = null;
    const startWhileLoading = (): void => {
      const hook = this.whileLoading;
      if (!hook || loading || signal.aborted) return;
      loading = hook(run).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'enrichment while loading failed; the enrichment after the sync does its work'));
    };
    const runOne = async (ds: DataSet): Promise<void> => {
      const stop = stopReasonOf(signal);
      if (stop) {
        run.errors.push({ dataSet: ds.name, code: stop.code, message: `not started: ${stop.message}` });
        failed += 1;
        return;
      }
      run.progress = `syncing ${ds.name}`;
      run.counts.push({ dataSet: ds.name, count: 0, durationMs: 0, mode: cursorOf(ds) === null ? 'FULL' : 'INCREMENTAL', startedAt: new Date().toISOString() });
      // Listed in the connector's order whatever order they started in.
      run.counts.sort((a, b) => (order.get(a.dataSet) ?? 0) - (order.get(b.dataSet) ?? 0));
      await save(true);
      try {
        const shrank = await this.runDataSet(run, session, ds, cursorOf(ds), log, signal, save, request);
        if (shrank) {
          shrunk += 1;
          run.errors.push(shrank);
          log.warn({ dataSet: ds.name }, shrank.message);
        } else {
          log.info({ dataSet: ds.name, count: countOf(run, ds.name) }, 'data set synced');
        }
        if (ds === dataSets[0]) startWhileLoading();
      } catch (caught) {
        failed += 1;
        const stopped = stopReasonOf(signal);
        if (stopped) {
          run.errors.push({ dataSet: ds.name, code: stopped.code, message: stopped.message });
          log.warn({ dataSet: ds.name, code: stopped.code }, 'data set stopped; its previous data is kept');
          return;
        }
        const err = session.advise ? session.advise(ds.name, caught) : caught;
        run.errors.push(toErrorEntry(ds.name, err));
        log.warn({ dataSet: ds.name, code: providerCodeOf(err), err: errorMessage(err) }, 'data set failed; its previous data is kept');
      }
    };
    // Each data set starts when what it needs has finished (DataSet.needs; by default the one before it in the
    // chain), finished meaning loaded or failed, as when they ran one after the other.
    const finished = new Map<string, Promise<void>>();
    let chain: Promise<void> = Promise.resolve();
    for (const ds of dataSets) {
      const before = ds.needs ? ds.needs.flatMap((name) => finished.get(name) ?? []) : [chain];
      const done = Promise.all(before).then(() => runOne(ds));
      finished.set(ds.name, done);
      if (!ds.needs) chain = done;
    }
    await Promise.all(finished.values());
    await loading;

    // A data set that fell back to a whole read (SyncStateExpired) makes a run FULL when none stayed incremental.
    run.mode = run.counts.some((c) => c.mode === 'INCREMENTAL') ? 'INCREMENTAL' : 'FULL';
    const stop = stopReasonOf(signal);
    let status: SyncRunRecord['status'] = stop?.code === 'CANCELLED'
      ? 'CANCELLED'
      : dataSets.length > 0 && failed === dataSets.length ? 'FAILED' : failed + shrunk > 0 ? 'PARTIAL' : 'SUCCEEDED';
    // A cancelled run stops now; the next sync enriches the twin again.
    if (status === 'PARTIAL' || status === 'SUCCEEDED') {
      for (const hook of this.afterSync) {
        run.progress = 'enriching the twin';
        try {
          await hook(run);
        } catch (err) {
          run.errors.push(toErrorEntry('enrichment', err));
          log.error({ err }, 'enrichment after sync failed');
          status = 'PARTIAL';
        }
      }
    }
    return status;
  }

  /** Runs one data set; returns the LISTING_SHRANK error when its cleanup was held back. */
  private async runDataSet(
    run: SyncRunRecord,
    session: ConnectorSession,
    ds: DataSet,
    cursor: string | null,
    log: Logger,
    signal: AbortSignal,
    save: (force?: boolean) => Promise<void>,
    request: RunRequest,
  ): Promise<SyncErrorEntry | null> {
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
    let nextCursor: string | null = null;
    const ctx: DataSetContext = {
      startedAt: run.startedAt,
      signal,
      cursor,
      setCursor: (c) => {
        nextCursor = c;
      },
      count: (n) => {
        if (entry) entry.count += n;
      },
      warn: (code, message) => {
        addWarning(run, { dataSet: ds.name, code, message });
        log.warn({ dataSet: ds.name, code }, message);
      },
      progress: (text) => {
        run.progress = text ?? `syncing ${ds.name}`;
        void save();
      },
      write: async (write, rows) => {
        // A page boundary: a cancelled run writes nothing more.
        signal.throwIfAborted();
        await this.graph.write(write.cypher, { ...stamp, ...write.params, rows });
        await save();
      },
      execute: (statement) => execute(statement, stamp),
    };
    try {
      const { waits } = await withProgress(ctx.progress, async () => {
        try {
          await ds.run(ctx);
        } catch (err) {
          if (!(err instanceof SyncStateExpired) || ctx.cursor === null) throw err;
          // The provider forgot the cursor: read the data set whole now, cleanup and shrink guard included.
          ctx.warn('SYNC_STATE_EXPIRED', `${ds.name}: ${err.message}${err.providerCode ? ` (${err.providerCode})` : ''}; read whole instead`);
          if (entry) {
            entry.count = 0;
            entry.mode = 'FULL';
          }
          nextCursor = null;
          await ds.run({ ...ctx, cursor: null });
        }
      });
      signal.throwIfAborted();
      if (waits.count > 0 && session.rateLimitWarningCode) {
        ctx.warn(session.rateLimitWarningCode, `waited ${waits.count} time(s), ${Math.round(waits.totalMs / 1000)} s in all, for the provider's rate limits`);
      }
      if (entry?.mode === 'INCREMENTAL') {
        await this.saveCursor(run, ds.name, nextCursor, log);
        return null;
      }
      if (!request.allowLargeDeletes && !NOT_GUARDED.has(ds.name) && ds.cleanup.length > 0) {
        const listed = countOf(run, ds.name);
        const before = await this.runs.lastCompleteCount(run.integration, ds.name, run.id);
        if (before !== null && listed < before * SHRINK_RATIO) {
          // What the short listing missed was never cleaned up: only a whole read may start the feed again.
          await this.runs.dropCursor(run.integration, ds.name).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'dropping the change cursor failed'));
          return {
            dataSet: ds.name,
            code: 'LISTING_SHRANK',
            message: `${ds.name}: the listing has ${listed} objects, fewer than half of the ${before} of the last complete sync; ` +
              'the twin kept its previous data (a narrowed token or a scoped admin role?). Sync with allowLargeDeletes: true to accept the deletions.',
          };
        }
      }
      run.progress = `cleaning up ${ds.name}`;
      for (const statement of ds.cleanup) {
        await execute(statement, { ...stamp, ...ds.cleanupParams });
      }
      await this.saveCursor(run, ds.name, nextCursor, log);
      return null;
    } finally {
      tick();
    }
  }

  /**
   * Saves the cursor a finished data set set (retried). When it cannot be saved, the previous cursor stays:
   * the next run reads the same changes again, which writes the same twin.
   */
  private async saveCursor(run: SyncRunRecord, dataSet: string, cursor: string | null, log: Logger): Promise<void> {
    if (cursor === null) return;
    const ok = await retried(() => this.runs.saveCursor(run.integration, dataSet, cursor, run.id), SAVE_RETRY_MS);
    if (!ok) log.warn({ dataSet }, 'saving the change cursor failed; the next sync reads these changes again');
  }

  /** Records the run's end and frees its lease, retried while Neo4j is away; if it never comes back the lease lapses. */
  private async finish(run: SyncRunRecord, status: SyncRunRecord['status'], log: Logger): Promise<void> {
    run.status = status;
    run.finishedAt = new Date().toISOString();
    run.progress = null;
    const ok = await retried(() => this.runs.finish(run), FINISH_RETRY_MS);
    if (ok) log.info({ status, counts: run.counts, errors: run.errors.length }, 'sync run finished');
    else log.error({ status }, 'could not record the end of the sync run; its lease lapses and any replica then reports it FAILED');
  }
}

/** Tries `fn` once and again after each wait; false when every attempt failed (or the signal ended the waits). */
async function retried(fn: () => Promise<void>, waits: readonly number[], signal?: AbortSignal): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fn();
      return true;
    } catch {
      const wait = waits[attempt];
      if (wait === undefined || signal?.aborted) return false;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function addWarning(run: SyncRunRecord, warning: SyncErrorEntry): void {
  if (run.warnings.length < MAX_WARNINGS) {
    run.warnings.push(warning);
    return;
  }
  const last = run.warnings[MAX_WARNINGS];
  const more = last ? Number(/^and (\d+) more/.exec(last.message)?.[1] ?? '0') + 1 : 1;
  const summary = { dataSet: 'run', code: 'WARNINGS_TRUNCATED', message: `and ${more} more warning(s) not kept` };
  if (last) run.warnings[MAX_WARNINGS] = summary;
  else run.warnings.push(summary);
}

function stopReasonOf(signal: AbortSignal): StopReason | null {
  if (!signal.aborted) return null;
  const reason: unknown = signal.reason;
  return reason instanceof StopReason ? reason : new StopReason('CANCELLED', 'the run was stopped');
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
