/** Sync runs persist in Neo4j so they survive restarts; one :SyncRun node per run. */
import type { Graph } from '../neo4j/driver.js';
import type { SyncErrorEntry, SyncRunRecord, SyncStatus, SyncCountRecord } from './types.js';
import type { Source } from '../model/vocabulary.js';

interface RunRow {
  r: {
    id: string; integration: string; source: Source; status: SyncStatus; startedAt: string;
    finishedAt: string | null; options: string; counts: string; errors: string; warnings: string | null;
    progress: string | null;
  };
}

const PROJECTION = 'r { .id, .integration, .source, .status, .startedAt, .finishedAt, .options, .counts, .errors, .warnings, .progress }';

function toRecord(row: RunRow['r']): SyncRunRecord {
  return {
    ...row,
    options: JSON.parse(row.options) as Record<string, unknown>,
    counts: JSON.parse(row.counts) as SyncCountRecord[],
    errors: JSON.parse(row.errors) as SyncErrorEntry[],
    warnings: JSON.parse(row.warnings ?? '[]') as SyncErrorEntry[],
  };
}

export class RunStore {
  constructor(private readonly graph: Graph) {}

  async save(run: SyncRunRecord): Promise<void> {
    await this.graph.write(
      `MERGE (r:SyncRun {id: $id})
       SET r.integration = $integration, r.source = $source, r.status = $status, r.startedAt = $startedAt,
           r.finishedAt = $finishedAt, r.options = $options, r.counts = $counts, r.errors = $errors,
           r.warnings = $warnings, r.progress = $progress`,
      {
        ...run,
        options: JSON.stringify(run.options),
        counts: JSON.stringify(run.counts),
        errors: JSON.stringify(run.errors),
        warnings: JSON.stringify(run.warnings),
      },
    );
  }

  async get(id: string): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<RunRow>(`MATCH (r:SyncRun {id: $id}) RETURN ${PROJECTION} AS r`, { id });
    return rows[0] ? toRecord(rows[0].r) : null;
  }

  async latest(integration: string): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<RunRow>(
      `MATCH (r:SyncRun {integration: $integration}) RETURN ${PROJECTION} AS r ORDER BY r.startedAt DESC LIMIT 1`,
      { integration },
    );
    return rows[0] ? toRecord(rows[0].r) : null;
  }

  /** Runs left RUNNING or QUEUED by a crash can never finish: mark them FAILED. */
  async failOrphans(): Promise<number> {
    const rows = await this.graph.write<{ n: number }>(
      `MATCH (r:SyncRun) WHERE r.status IN ['RUNNING', 'QUEUED']
       SET r.status = 'FAILED', r.finishedAt = $now, r.progress = null,
           r.errors = '[{"dataSet":"run","code":"INTERRUPTED","message":"the server stopped while this run was in progress"}]'
       RETURN count(r) AS n`,
      { now: new Date().toISOString() },
    );
    return rows[0]?.n ?? 0;
  }
}
