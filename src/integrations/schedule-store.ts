/**
 * Sync schedules in Neo4j: one :SyncSchedule node per scheduled integration (setSyncSchedule), read and
 * claimed by every replica's scheduler (scheduler.ts). Times are Neo4j's clock (`timestamp()`, epoch ms),
 * like the sync lease's, so replicas whose clocks disagree still agree on what is due.
 *
 * Claiming is a compare-and-set of nextRunAt in one write transaction: of the replicas that saw the same
 * due time, only the one whose transaction moves it forward starts the run.
 */
import type { Graph } from '../neo4j/driver.js';
import { SOURCES, isOneOf, type Source } from '../model/vocabulary.js';

/** A schedule as stored. */
export interface StoredSchedule {
  everyMinutes: number;
  fullEveryHours: number;
  /** When the next run is due (epoch ms, Neo4j's clock). */
  nextRunAt: number;
}

/** A schedule whose run is due, as a replica saw it before claiming it. */
export interface DueSchedule extends StoredSchedule {
  integration: string;
  source: Source;
}

const PROJECTION = 's { .everyMinutes, .fullEveryHours, .nextRunAt }';

export class ScheduleStore {
  constructor(private readonly graph: Graph) {}

  async get(integration: string): Promise<StoredSchedule | null> {
    const rows = await this.graph.read<{ s: StoredSchedule }>(
      `MATCH (s:SyncSchedule {integration: $integration}) RETURN ${PROJECTION} AS s`,
      { integration },
    );
    return rows[0]?.s ?? null;
  }

  /**
   * Creates or changes the integration's schedule. A new schedule, or a new interval, is first due
   * `firstDelayMs` from now; changing only fullEveryHours keeps the time already planned.
   */
  async set(source: Source, integration: string, cadence: { everyMinutes: number; fullEveryHours: number }, firstDelayMs: number): Promise<StoredSchedule> {
    // The first SET write-locks the node (MERGE alone does not lock a node that exists), so the interval
    // compared below is not one a racing claim or save is changing.
    const rows = await this.graph.write<{ s: StoredSchedule }>(
      `MERGE (s:SyncSchedule {integration: $integration})
       SET s.lockedAt = timestamp()
       WITH s, s.nextRunAt IS NULL OR s.everyMinutes IS NULL OR s.everyMinutes <> toInteger($everyMinutes) AS replan
       SET s.source = $source, s.everyMinutes = toInteger($everyMinutes), s.fullEveryHours = toInteger($fullEveryHours),
           s.nextRunAt = CASE WHEN replan THEN timestamp() + toInteger($firstDelayMs) ELSE s.nextRunAt END
       RETURN ${PROJECTION} AS s`,
      { integration, source, everyMinutes: cadence.everyMinutes, fullEveryHours: cadence.fullEveryHours, firstDelayMs },
    );
    const row = rows[0];
    if (!row) throw new Error('the schedule statement returned nothing');
    return row.s;
  }

  /** Turns the schedule off: syncs run on demand only. */
  async clear(integration: string): Promise<void> {
    await this.graph.write('MATCH (s:SyncSchedule {integration: $integration}) DETACH DELETE s', { integration });
  }

  /** Schedules whose run is due now. Only a hint: `claim` decides who runs it. */
  async due(): Promise<DueSchedule[]> {
    const rows = await this.graph.read<{ integration: string; source: string; everyMinutes: number; fullEveryHours: number; nextRunAt: number }>(
      `MATCH (s:SyncSchedule) WHERE s.nextRunAt <= timestamp()
       RETURN s.integration AS integration, s.source AS source, s.everyMinutes AS everyMinutes,
              s.fullEveryHours AS fullEveryHours, s.nextRunAt AS nextRunAt`,
    );
    return rows.flatMap((r) => (isOneOf(SOURCES, r.source) ? [{ ...r, source: r.source }] : []));
  }

  /**
   * Claims the due run of a schedule seen due at `seenNextRunAt`: in one transaction, write-lock the node,
   * then move nextRunAt `delayMs` past now only if it is still the time that was seen and still due. Racing
   * replicas queue on the lock; after the first commits, the others read its new nextRunAt and back off.
   * The value is read only after the lock, never before it in the same statement, so no cached read of it
   * can slip past the comparison. True when this replica won and must start the run.
   */
  async claim(integration: string, seenNextRunAt: number, holder: string, delayMs: number): Promise<boolean> {
    const rows = await this.graph.write<{ won: boolean }>(
      `MATCH (s:SyncSchedule {integration: $integration})
       SET s.lockedAt = timestamp()
       WITH s, s.nextRunAt = toInteger($seen) AND s.nextRunAt <= timestamp() AS won
       CALL (s, won) {
         WITH s, won WHERE won
         SET s.nextRunAt = timestamp() + toInteger($delayMs), s.claimedBy = $holder, s.claimedAt = timestamp(), s.lastRunId = null
       }
       RETURN won`,
      { integration, seen: seenNextRunAt, holder, delayMs },
    );
    return rows[0]?.won === true;
  }

  /** Notes which run the holder's last claim started (or found running), for operators and tests. */
  async recordRun(integration: string, holder: string, runId: string): Promise<void> {
    await this.graph.write(
      'MATCH (s:SyncSchedule {integration: $integration, claimedBy: $holder}) SET s.lastRunId = $runId',
      { integration, holder, runId },
    );
  }

  /**
   * When the integration's newest successful FULL run started (epoch ms), or null when none is kept. Runs
   * recorded before SyncRun.mode existed were all FULL.
   */
  async lastFullRunStartedAt(integration: string): Promise<number | null> {
    const rows = await this.graph.read<{ startedAt: string }>(
      `MATCH (r:SyncRun {integration: $integration})
       WHERE r.status = 'SUCCEEDED' AND coalesce(r.mode, 'FULL') = 'FULL'
       RETURN r.startedAt AS startedAt ORDER BY r.startedAt DESC LIMIT 1`,
      { integration },
    );
    const startedAt = Date.parse(rows[0]?.startedAt ?? '');
    return Number.isNaN(startedAt) ? null : startedAt;
  }
}
