/**
 * The unit of a sync: one data set (users, groups, ...). Each has the same shape everywhere: it fetches
 * pages, transforms them (pure functions), loads rows in batches, and declares how to clean up what the
 * run did not see. The runner only cleans up after the data set finished, so a failure keeps the
 * previous data in place.
 */
import type { Graph, Params } from '../neo4j/driver.js';
import type { BatchWriter } from '../neo4j/batch.js';
import type { Logger } from '../log.js';
import type { Source } from '../model/vocabulary.js';

export interface DataSetContext {
  readonly runId: string;
  readonly integration: string;
  readonly source: Source;
  /** Run start, ISO 8601: the `seenAt` stamped on everything the run writes. */
  readonly startedAt: string;
  readonly graph: Graph;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Adds to this data set's loaded-object count (visible on the run while it works). */
  count(n: number): void;
  /** A non-fatal problem: the data set goes on (e.g. signInActivity refused). */
  warn(code: string | null, message: string): void;
  /** What the run is waiting for or doing, shown on the run; null clears it. */
  progress(text: string | null): void;
  /**
   * A batch writer whose statement gets $integration, $runId and $seenAt besides $rows. Every flush counts
   * its rows unless `counted` is false (for relationship-only writers).
   */
  writer<Row>(cypher: string, opts?: { params?: Params; counted?: boolean; batchSize?: number }): BatchWriter<Row>;
}

export interface DataSet {
  /** The name runs and errors use: users, mfa, groups, roles, signIns, policies, apps; factors, logs, ... */
  readonly name: string;
  run(ctx: DataSetContext): Promise<void>;
  /**
   * Statements that remove (or reset) what this integration's run did not see; each gets $integration
   * and $runId. Run only when `run` finished without error.
   */
  readonly cleanup: readonly string[];
}

/** A connector turns stored settings into an authenticated session and the data sets to run. */
export interface ConnectorSession {
  /** Throws a TwinError when nothing can be read (bad secret, unknown tenant): the run ends FAILED. */
  authenticate(signal: AbortSignal): Promise<void>;
  dataSets(): DataSet[];
}
