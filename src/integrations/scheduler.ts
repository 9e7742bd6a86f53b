/**
 * Starts scheduled syncs. Every replica runs one Scheduler that ticks (TWIN_SCHEDULER_TICK_SECONDS) and,
 * for each schedule that is due, tries to claim its run (ScheduleStore.claim: a compare-and-set of
 * nextRunAt in one Neo4j transaction). Only the replica whose claim moved nextRunAt forward starts the
 * run, through IntegrationService.sync like the sync mutations; the sync lease would still keep it to one
 * run if two ever tried. The run is FULL when the FULL cadence needs it (schedule-timing.ts), else the
 * scheduler asks for an incremental one.
 *
 * A tick never throws: a run that cannot start (not configured, Neo4j away) is a warning in the log and
 * the schedule's next run is planned as usual.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log.js';
import { TwinError, errorMessage } from '../errors.js';
import type { EntraSyncOptions, OktaSyncOptions } from '../ingest/connector.js';
import type { SyncRunRecord } from '../ingest/types.js';
import type { Source } from '../model/vocabulary.js';
import type { DueSchedule, ScheduleStore } from './schedule-store.js';
import { needsFull, nextDelayMs } from './schedule-timing.js';

/**
 * What a scheduled run syncs: what entraIdSync / oktaSync do without arguments (every data set, 24 hours
 * back); test/api/schedule.test.ts checks them against the schema's defaults.
 */
export const SCHEDULED_SYNC_OPTIONS: { ENTRA_ID: EntraSyncOptions; OKTA: OktaSyncOptions } = {
  ENTRA_ID: { syncUsers: true, syncGroups: true, syncRoles: true, syncSignIns: true, syncPolicies: true, syncApps: true, hoursBack: 24 },
  OKTA: { syncUsers: true, syncGroups: true, syncRoles: true, syncLogs: true, syncPolicies: true, syncApps: true, hoursBack: 24 },
};

/** The one thing the scheduler needs from IntegrationService. */
export interface SyncStarter {
  sync(source: Source, options: object, request: { allowLargeDeletes?: boolean; full?: boolean }): Promise<SyncRunRecord>;
}

export interface SchedulerOptions {
  tickMs: number;
  /** The length of a schedule minute (TWIN_SCHEDULE_MINUTE_MS; shorter in tests only). */
  minuteMs: number;
  /** Jitter source, Math.random by default. */
  random?: () => number;
}

export class Scheduler {
  /** Names this replica on the schedule it claimed (host:pid:random, like the sync lease's holder). */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  /** Whether the last look for due schedules failed: a Neo4j outage is logged once, not every tick. */
  private unreachable = false;

  constructor(
    private readonly store: ScheduleStore,
    private readonly syncs: SyncStarter,
    private readonly log: Logger,
    private readonly options: SchedulerOptions,
  ) {}

  /** Ticks until stop(); the timer never keeps the process alive on its own. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in progress, so no scheduled sync starts after it resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** One look for due schedules (the timer's, or a test's). A tick still running is not started twice. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= this.lookForDueRuns().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async lookForDueRuns(): Promise<void> {
    let due: DueSchedule[];
    try {
      due = await this.store.due();
    } catch (err) {
      if (!this.unreachable) this.log.warn({ err: errorMessage(err) }, 'the scheduler cannot read sync schedules; it keeps trying every tick');
      this.unreachable = true;
      return;
    }
    if (this.unreachable) this.log.info('the scheduler reads sync schedules again');
    this.unreachable = false;
    for (const schedule of due) {
      if (this.stopped) return;
      await this.runIfClaimed(schedule);
    }
  }

  private async runIfClaimed(schedule: DueSchedule): Promise<void> {
    const { source, integration } = schedule;
    const { minuteMs, random } = this.options;
    try {
      const delayMs = nextDelayMs(schedule.everyMinutes, minuteMs, random);
      if (!(await this.store.claim(integration, schedule.nextRunAt, this.holder, delayMs))) return;
      const lastFull = await this.store.lastFullRunStartedAt(integration);
      const full = needsFull(schedule, lastFull, Date.now(), minuteMs);
      const run = await this.syncs.sync(source, SCHEDULED_SYNC_OPTIONS[source], { full, allowLargeDeletes: false });
      this.log.info({ source, runId: run.id, full, status: run.status, nextInMs: delayMs }, 'scheduled sync started (or joined the running one)');
      await this.store.recordRun(integration, this.holder, run.id);
    } catch (err) {
      const code = err instanceof TwinError ? err.code : undefined;
      this.log.warn({ source, code, err: errorMessage(err) }, 'a scheduled sync could not start; the next one is planned as usual');
    }
  }
}
