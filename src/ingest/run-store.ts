/**
 * Sync runs persist in Neo4j so they survive restarts; one :SyncRun node per run. Beside them, one
 * :SyncLease node per integration decides, in one transaction, which run holds the integration's sync
 * slot, across every replica on the same Neo4j. A lease lapses when its holder stops renewing it (the
 * holder died); times are Neo4j's clock (`timestamp()`), so replicas' clocks do not matter.
 *
 * A run still RUNNING whose lease lapsed (or went to another run) can never finish: every read reports
 * it FAILED (INTERRUPTED), and `failOrphans` / the next lease taken write that down.
 */
import type { Graph } from '../neo4j/driver.js';
import type { SyncErrorEntry, SyncRunRecord, SyncStatus, SyncCountRecord, SyncMode } from './types.js';
import type { Source } from '../model/vocabulary.js';

/** Runs kept per integration; older ones are deleted when a run finishes. */
export const RUNS_KEPT = 200;

interface RunRow {
  r: {
    id: string; integration: string; source: Source; status: SyncStatus; mode: SyncMode | null; startedAt: string;
    finishedAt: string | null; options: string; counts: string; errors: string; warnings: string | null;
    progress: string | null;
  };
  /** Its lease lapsed or went to another run while it was RUNNING. */
  orphan: boolean;
}

const PROJECTION = 'r { .id, .integration, .source, .status, .mode, .startedAt, .finishedAt, .options, .counts, .errors, .warnings, .progress }';

/** Appended to a MATCH of `r`: whether r is a RUNNING run nobody holds any more. */
const ORPHAN = `OPTIONAL MATCH (lease:SyncLease {integration: r.integration})
  WITH r, r.status IN ['RUNNING', 'QUEUED'] AND (lease IS NULL OR lease.runId IS NULL OR lease.runId <> r.id OR lease.expiresAt < timestamp()) AS orphan`;

const INTERRUPTED: SyncErrorEntry = {
  dataSet: 'run',
  code: 'INTERRUPTED',
  message: 'the server running this sync stopped (or lost Neo4j) while it was in progress',
};
const INTERRUPTED_JSON = JSON.stringify([INTERRUPTED]);

function toRecord({ r: row, orphan }: RunRow): SyncRunRecord {
  const record: SyncRunRecord = {
    ...row,
    mode: row.mode ?? 'FULL',
    options: JSON.parse(row.options) as Record<string, unknown>,
    // Runs recorded before incremental sync read every data set whole.
    counts: (JSON.parse(row.counts) as SyncCountRecord[]).map((c) => ({ ...c, mode: c.mode ?? 'FULL', startedAt: c.startedAt ?? null })),
    errors: JSON.parse(row.errors) as SyncErrorEntry[],
    warnings: JSON.parse(row.warnings ?? '[]') as SyncErrorEntry[],
  };
  if (orphan) {
    record.status = 'FAILED';
    record.progress = null;
    record.errors = [...record.errors, INTERRUPTED];
  }
  return record;
}

function params(run: SyncRunRecord): Record<string, unknown> {
  return {
    id: run.id,
    props: {
      integration: run.integration,
      source: run.source,
      status: run.status,
      mode: run.mode,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      options: JSON.stringify(run.options),
      counts: JSON.stringify(run.counts),
      errors: JSON.stringify(run.errors),
      warnings: JSON.stringify(run.warnings),
      progress: run.progress,
    },
  };
}

/** What `acquire` decided: this run holds the slot, or another run (maybe on another replica) does. */
export type LeaseOutcome = { acquired: true } | { acquired: false; runId: string | null };

/** What a heartbeat learned: whether this run still holds its lease, and whether cancelSync asked it to stop. */
export interface LeaseBeat {
  held: boolean;
  cancel: boolean;
}

export class RunStore {
  constructor(private readonly graph: Graph) {}

  /**
   * Takes the integration's sync slot for `run` if it is free or its lease lapsed, and records the run, in
   * one transaction: the first SET write-locks the lease node, so of two replicas racing here one decides
   * and the other then reads its decision. A lapsed run it replaces is marked FAILED.
   */
  async acquire(run: SyncRunRecord, holder: string, leaseMs: number): Promise<LeaseOutcome> {
    const rows = await this.graph.write<{ free: boolean; runId: string | null }>(
      `MERGE (l:SyncLease {integration: $props.integration})
       SET l.locked = timestamp()
       WITH l, l.runId IS NULL OR l.expiresAt IS NULL OR l.expiresAt < timestamp() AS free, l.runId AS previous
       CALL (l, free, previous) {
         WITH l, free, previous WHERE free
         SET l.runId = $id, l.holder = $holder, l.expiresAt = timestamp() + toInteger($leaseMs), l.cancel = false
         CREATE (r:SyncRun {id: $id}) SET r += $props
         WITH previous
         OPTIONAL MATCH (old:SyncRun {id: previous}) WHERE old.status IN ['RUNNING', 'QUEUED']
         SET old.status = 'FAILED', old.finishedAt = $props.startedAt, old.progress = null, old.errors = $interrupted
       }
       RETURN free, l.runId AS runId`,
      { ...params(run), holder, leaseMs, interrupted: INTERRUPTED_JSON },
    );
    const row = rows[0];
    if (!row) throw new Error('the sync lease statement returned nothing');
    return row.free ? { acquired: true } : { acquired: false, runId: row.runId };
  }

  /** Renews the lease of a running run; tells whether it still holds it and whether it was asked to cancel. */
  async heartbeat(integration: string, runId: string, leaseMs: number): Promise<LeaseBeat> {
    const rows = await this.graph.write<{ cancel: boolean | null }>(
      `MATCH (l:SyncLease {integration: $integration, runId: $runId})
       SET l.expiresAt = timestamp() + toInteger($leaseMs)
       RETURN l.cancel AS cancel`,
      { integration, runId, leaseMs },
    );
    const row = rows[0];
    return row ? { held: true, cancel: row.cancel === true } : { held: false, cancel: false };
  }

  /** Asks whichever replica runs `runId` to stop (its next heartbeat sees it). False when no lease names it. */
  async requestCancel(runId: string): Promise<boolean> {
    const rows = await this.graph.write<{ n: number }>(
      `MATCH (l:SyncLease {runId: $runId}) WHERE l.expiresAt >= timestamp() SET l.cancel = true RETURN count(l) AS n`,
      { runId },
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async save(run: SyncRunRecord): Promise<void> {
    await this.graph.write(`MERGE (r:SyncRun {id: $id}) SET r += $props`, params(run));
  }

  /**
   * Records a finished run, frees its lease and deletes the integration's runs beyond the newest
   * RUNS_KEPT, in one transaction.
   */
  async finish(run: SyncRunRecord): Promise<void> {
    await this.graph.write(
      `MERGE (r:SyncRun {id: $id}) SET r += $props
       WITH r
       OPTIONAL MATCH (l:SyncLease {integration: r.integration, runId: r.id})
       SET l.runId = null, l.holder = null, l.expiresAt = null, l.cancel = false
       WITH DISTINCT r.integration AS integration
       CALL (integration) {
         MATCH (old:SyncRun {integration: integration}) WHERE NOT old.status IN ['RUNNING', 'QUEUED']
         WITH old ORDER BY old.startedAt DESC SKIP toInteger($kept)
         DELETE old
       }`,
      { ...params(run), kept: RUNS_KEPT },
    );
  }

  async get(id: string): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<RunRow>(`MATCH (r:SyncRun {id: $id}) ${ORPHAN} RETURN ${PROJECTION} AS r, orphan`, { id });
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async latest(integration: string): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<RunRow>(
      `MATCH (r:SyncRun {integration: $integration}) WITH r ORDER BY r.startedAt DESC LIMIT 1 ${ORPHAN} RETURN ${PROJECTION} AS r, orphan`,
      { integration },
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Runs newest first, of one integration or of all. */
  async list(integration: string | null, first: number): Promise<SyncRunRecord[]> {
    const rows = await this.graph.read<RunRow>(
      `MATCH (r:SyncRun) WHERE $integration IS NULL OR r.integration = $integration
       WITH r ORDER BY r.startedAt DESC, r.id DESC LIMIT toInteger($first) ${ORPHAN}
       RETURN ${PROJECTION} AS r, orphan`,
      { integration, first },
    );
    return rows.map(toRecord);
  }

  /**
   * The loaded-object count of the newest run in which `dataSet` finished and was cleaned up (no error
   * names it), or null when there is none: what the shrink guard compares a listing with.
   */
  async lastCompleteCount(integration: string, dataSet: string, exceptRunId: string): Promise<number | null> {
    const rows = await this.graph.read<{ counts: string; errors: string }>(
      `MATCH (r:SyncRun {integration: $integration}) WHERE r.id <> $exceptRunId AND r.status IN ['SUCCEEDED', 'PARTIAL', 'CANCELLED']
       RETURN r.counts AS counts, r.errors AS errors ORDER BY r.startedAt DESC LIMIT toInteger($kept)`,
      { integration, exceptRunId, kept: RUNS_KEPT },
    );
    for (const row of rows) {
      const counts = JSON.parse(row.counts) as SyncCountRecord[];
      const errors = JSON.parse(row.errors) as SyncErrorEntry[];
      // Only a whole listing says how many objects the provider has; an incremental count is of changes.
      const entry = counts.find((c) => c.dataSet === dataSet && (c.mode ?? 'FULL') === 'FULL');
      if (entry && !errors.some((e) => e.dataSet === dataSet)) return entry.count;
    }
    return null;
  }

  /** The change cursors saved by this integration's data sets, by data set. */
  async cursors(integration: string): Promise<Map<string, string>> {
    const rows = await this.graph.read<{ dataSet: string; cursor: string }>(
      'MATCH (c:SyncCursor {integration: $integration}) RETURN c.dataSet AS dataSet, c.cursor AS cursor',
      { integration },
    );
    return new Map(rows.map((r) => [r.dataSet, r.cursor]));
  }

  /** Saves a data set's cursor; only the run holding the integration's lease may (a lapsed holder writes nothing). */
  async saveCursor(integration: string, dataSet: string, cursor: string, runId: string): Promise<void> {
    await this.graph.write(
      `MATCH (lease:SyncLease {integration: $integration}) WHERE lease.runId = $runId
       MERGE (c:SyncCursor {id: $id})
       SET c.integration = $integration, c.dataSet = $dataSet, c.cursor = $cursor, c.runId = $runId, c.savedAt = $now`,
      { id: `${integration}/${dataSet}`, integration, dataSet, cursor, runId, now: new Date().toISOString() },
    );
  }

  /** Forgets a data set's cursor (or all of an integration's): its next sync reads it whole. */
  async dropCursor(integration: string, dataSet?: string): Promise<void> {
    await this.graph.write(
      'MATCH (c:SyncCursor {integration: $integration}) WHERE $dataSet IS NULL OR c.dataSet = $dataSet DETACH DELETE c',
      { integration, dataSet: dataSet ?? null },
    );
  }

  /**
   * Runs left RUNNING or QUEUED whose lease lapsed (their replica died) can never finish: mark them
   * FAILED. A run another replica holds a live lease for is left alone.
   */
  async failOrphans(): Promise<number> {
    const rows = await this.graph.write<{ n: number }>(
      `MATCH (r:SyncRun) WHERE r.status IN ['RUNNING', 'QUEUED']
       ${ORPHAN}
       WHERE orphan
       SET r.status = 'FAILED', r.finishedAt = $now, r.progress = null, r.errors = $interrupted
       RETURN count(r) AS n`,
      { now: new Date().toISOString(), interrupted: INTERRUPTED_JSON },
    );
    return rows[0]?.n ?? 0;
  }
}

