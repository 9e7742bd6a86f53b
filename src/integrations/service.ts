/**
 * The three admin steps for any connector — configure, test, sync — plus status. Resolvers stay thin;
 * connectors stay unaware of GraphQL.
 */
import { TwinError, badInput } from '../errors.js';
import type { SyncRunner } from '../ingest/runner.js';
import type { IntegrationConfigStore, StoredIntegration } from './config-store.js';
import type { IntegrationConnector } from '../ingest/connector.js';
import { type ConnectionTestResult, type SyncRunRecord } from '../ingest/types.js';
import { INTEGRATION_ID, type Source } from '../model/vocabulary.js';
import type { ScheduleStore, StoredSchedule } from './schedule-store.js';
import { nextDelayMs, type ScheduleCadence } from './schedule-timing.js';

/** IntegrationStatus.schedule: null when syncs run only on demand. */
export interface SyncScheduleRecord extends ScheduleCadence {
  nextRunAt: string | null;
}

export interface IntegrationStatusRecord {
  source: Source;
  configured: boolean;
  tenant: string | null;
  clientId: string | null;
  credentialSet: boolean;
  lastSync: SyncRunRecord | null;
  schedule: SyncScheduleRecord | null;
}

/** Where schedules are kept, and how long their minute is (TWIN_SCHEDULE_MINUTE_MS; shorter in tests only). */
export interface ScheduleSettings {
  store: ScheduleStore;
  minuteMs: number;
}

function scheduleRecord(s: StoredSchedule | null): SyncScheduleRecord | null {
  if (!s) return null;
  return { everyMinutes: s.everyMinutes, fullEveryHours: s.fullEveryHours, nextRunAt: new Date(s.nextRunAt).toISOString() };
}

// Options and inputs differ per connector; the service only passes them through.
type AnyConnector = IntegrationConnector<object, object>;

export class IntegrationService {
  private readonly connectors = new Map<Source, AnyConnector>();

  constructor(
    private readonly store: IntegrationConfigStore,
    private readonly runner: SyncRunner,
    connectors: AnyConnector[],
    private readonly schedules: ScheduleSettings,
  ) {
    for (const c of connectors) this.connectors.set(c.source, c);
  }

  private connector(source: Source): AnyConnector {
    const c = this.connectors.get(source);
    if (!c) throw new TwinError('INTERNAL', `no connector for ${source}`);
    return c;
  }

  async status(source: Source): Promise<IntegrationStatusRecord> {
    const integration = INTEGRATION_ID[source];
    const [stored, lastSync, schedule] = await Promise.all([
      this.store.get(source), this.runner.latest(integration), this.schedules.store.get(integration),
    ]);
    return {
      source,
      configured: stored !== null,
      tenant: stored?.tenant ?? null,
      clientId: stored?.clientId ?? null,
      credentialSet: stored?.credentialSet ?? false,
      lastSync,
      schedule: scheduleRecord(schedule),
    };
  }

  /**
   * Sets the integration's sync schedule (scheduler.ts runs it), or turns it off when everyMinutes is null.
   * Arguments arrive checked (src/api/arguments.ts). Only a configured integration can be scheduled
   * (NOT_CONFIGURED otherwise), so a schedule never waits silently on settings that do not exist; a
   * schedule whose integration cannot start later (its settings gone) logs a warning at each due run.
   */
  async setSchedule(source: Source, everyMinutes: number | null, fullEveryHours: number): Promise<IntegrationStatusRecord> {
    const integration = INTEGRATION_ID[source];
    if (everyMinutes === null) {
      await this.schedules.store.clear(integration);
    } else {
      await this.stored(source);
      const firstDelayMs = nextDelayMs(everyMinutes, this.schedules.minuteMs);
      await this.schedules.store.set(source, integration, { everyMinutes, fullEveryHours }, firstDelayMs);
    }
    return this.status(source);
  }

  async configure(source: Source, input: object): Promise<IntegrationStatusRecord> {
    const validated = this.connector(source).validate(input);
    await this.store.save(source, validated);
    return this.status(source);
  }

  private async stored(source: Source): Promise<{ stored: StoredIntegration; credentials: Record<string, string> }> {
    const stored = await this.store.get(source);
    const credentials = stored ? await this.store.credentials(source) : null;
    if (!stored || !credentials) {
      const step = source === 'ENTRA_ID' ? 'configureEntraId' : 'configureOkta';
      throw new TwinError('NOT_CONFIGURED', `${source} is not configured yet: call ${step} first`);
    }
    return { stored, credentials };
  }

  async test(source: Source): Promise<ConnectionTestResult> {
    const { stored, credentials } = await this.stored(source);
    return this.connector(source).testConnection(stored, credentials);
  }

  /**
   * Starts a sync, or returns the running one (here or on another replica). `allowLargeDeletes` lets a
   * listing that shrank by half or more clean up; `full` reads every data set whole, even those that could
   * read only their changes since the last sync.
   */
  async sync(source: Source, options: object, request: { allowLargeDeletes?: boolean; full?: boolean } = {}): Promise<SyncRunRecord> {
    const running = this.runner.current(INTEGRATION_ID[source]);
    if (running) return structuredClone(running);
    const { stored, credentials } = await this.stored(source);
    const connector = this.connector(source);
    const allowLargeDeletes = request.allowLargeDeletes === true;
    const full = request.full === true;
    return this.runner.start(
      source,
      { ...options, allowLargeDeletes, full },
      async () => connector.session(stored, credentials, options),
      { allowLargeDeletes, full },
    );
  }

  async run(id: string): Promise<SyncRunRecord | null> {
    return this.runner.get(id);
  }

  /** Sync runs newest first, of one identity provider or of both. */
  async runs(source: Source | null, first: number): Promise<SyncRunRecord[]> {
    return this.runner.list(source ? INTEGRATION_ID[source] : null, first);
  }

  /** Stops a running sync at its next page boundary; a finished run is returned as it is. */
  async cancel(id: string): Promise<SyncRunRecord> {
    const run = await this.runner.cancel(id);
    if (!run) throw badInput(`no sync run has the id ${id}`, 'id');
    return run;
  }
}
