/**
 * What the runner executes: one data set (users, groups, ...) of an open connector session, made from a
 * Resource by bindResource (resource.ts), with the cleanup compiled from the model. The runner only
 * cleans up after the data set finished, so a failure keeps the previous data in place.
 */
import type { Statement } from '../model/cleanup.js';
import type { Write } from '../model/writes.js';

/**
 * What the runner gives a data set: its writes go through the model's statements, stamped here, so a
 * data set never holds the driver.
 */
export interface DataSetContext {
  /** Run start, ISO 8601: the `seenAt` stamped on everything the run writes. */
  readonly startedAt: string;
  readonly signal: AbortSignal;
  /** Adds to this data set's loaded-object count (visible on the run while it works). */
  count(n: number): void;
  /** A non-fatal problem: the data set goes on (e.g. signInActivity refused). */
  warn(code: string | null, message: string): void;
  /** What the run is waiting for or doing, shown on the run; null clears it. */
  progress(text: string | null): void;
  /** Writes rows with a model write, stamped with this run ($integration, $source, $runId, $seenAt, $dataSet). */
  write<Row>(write: Write<Row>, rows: readonly Row[]): Promise<void>;
  /** Runs a model statement with the run's stamps, in the transaction kind it declares. */
  execute(statement: Statement): Promise<void>;
  /** Non-null: read incrementally, from this cursor (saved by the data set's last successful run). */
  readonly cursor: string | null;
  /** The cursor the runner saves when the data set finishes without error. */
  setCursor(cursor: string): void;
}

export interface DataSet {
  /** The name runs and errors use: users, mfa, groups, roles, signIns, policies, apps; factors, logs, ... */
  readonly name: string;
  /** It can read only what changed since a cursor (ctx.cursor); otherwise every run reads it whole. */
  readonly incremental: boolean;
  /**
   * The data sets that must have finished (or failed) before this one starts, when they are in the run; it then
   * runs beside the others. Absent: it runs after the data set listed before it (skipping those that declare
   * `needs`), so the list is a chain with side branches.
   */
  readonly needs?: readonly string[];
  run(ctx: DataSetContext): Promise<void>;
  /**
   * Statements that remove (or reset) what this integration's run did not see; each gets the run's stamps
   * and `cleanupParams`. Run only when `run` finished without error.
   */
  readonly cleanup: readonly Statement[];
  readonly cleanupParams?: Readonly<Record<string, unknown>>;
}

/** A connector turns stored settings into an authenticated session and the data sets to run. */
export interface ConnectorSession {
  /** Throws a TwinError when nothing can be read (bad secret, unknown tenant): the run ends FAILED. */
  authenticate(signal: AbortSignal): Promise<void>;
  dataSets(): DataSet[];
  /** The error a failed data set reports, with what the admin should do about the provider's code. */
  advise?(dataSet: string, err: unknown): unknown;
  /**
   * When set, a data set that waited for the provider's rate limits gets a warning with this code
   * (Okta: E0000047), so an admin sees why a sync was slow.
   */
  readonly rateLimitWarningCode?: string;
  /** Releases the HTTP connections; the runner calls it once the run ends, whatever happened. */
  close(): Promise<void>;
}
