/** What a sync run records: its status, counts per data set, errors and warnings. */
import type { Source, SyncMode, SyncStatus } from '../model/vocabulary.js';

export type { SyncMode, SyncStatus };


export interface SyncCountRecord {
  dataSet: string;
  count: number;
  /** Wall time of the data set so far (fetch, load and cleanup). */
  durationMs: number;
  /** When it started (ISO 8601); null in runs recorded before it was kept. */
  startedAt: string | null;
  /** How it was read: whole, or only the changes since its cursor (runs recorded before incremental sync: FULL). */
  mode: SyncMode;
}

export interface SyncErrorEntry {
  dataSet: string;
  code: string | null;
  message: string;
}

export interface SyncRunRecord {
  id: string;
  integration: string;
  source: Source;
  status: SyncStatus;
  /** INCREMENTAL when at least one data set was read from its change cursor; FULL otherwise. */
  mode: SyncMode;
  startedAt: string;
  finishedAt: string | null;
  options: Record<string, unknown>;
  counts: SyncCountRecord[];
  errors: SyncErrorEntry[];
  warnings: SyncErrorEntry[];
  /** What the run is doing right now (e.g. "waiting 42 s for Okta's rate limit on /api/v1/users"). */
  progress: string | null;
}

export interface ConnectionCheckResult {
  name: string;
  ok: boolean;
  permission: string | null;
  detail: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  checks: ConnectionCheckResult[];
}
