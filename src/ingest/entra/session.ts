/**
 * One connection to a tenant: an HttpClient (extra CAs, retries, buckets, pacing), MSAL auth and a Graph
 * client, shared by a sync run's data sets or a connection test. Throttling waits are shown on the run
 * through the progress sink of the data set that is running (src/ingest/progress.ts), as for Okta.
 */
import type { Config } from '../../config.js';
import { TwinError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { HttpClient, sleep as realSleep, DEFAULT_RETRY, userAgent, type RetryPolicy } from '../http.js';
import { EntraAuth } from './auth.js';
import { BUCKET } from './buckets.js';
import { GraphClient, graphPath } from './client.js';
import { entraKeys, type EntraKeys } from './keys.js';
import { createPacer } from './pacer.js';
import { noteRateLimitWait, reportProgress } from '../progress.js';


export interface EntraSessionOptions {
  retry?: Partial<RetryPolicy>;
  /** Test hook: every retry, pacing and $batch wait goes through it (record it, or shorten it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Minimum milliseconds between requests per bucket; conditional access gets 1 s by default. */
  pacing?: Record<string, number>;
  /** Concurrent requests per bucket. */
  concurrency?: number;
}

export const DEFAULT_PACING: Record<string, number> = { [BUCKET.ca]: 1000 };

export interface EntraSessionSettings {
  config: Config;
  log: Logger;
  extraCaPem: string | undefined;
  tenant: string;
  clientId: string;
  clientSecret: string | undefined;
  /** How far back a sync reads sign-ins (EntraSyncOptions.hoursBack); unused by a connection test. */
  hoursBack?: number;
}

/** The sign-in window when none was asked for: the contract's default hoursBack. */
export const DEFAULT_HOURS_BACK = 24;

export class EntraSession {
  readonly http: HttpClient;
  readonly auth: EntraAuth;
  readonly client: GraphClient;
  readonly hoursBack: number;
  /**
   * Users an incremental users read upserted in this run. The groups read that follows reads their direct
   * groups: a membership Graph reported while the user's node was not in the twin yet (created after the
   * users round, or in a run whose users read failed) got no edge, and the groups delta will not report it
   * again.
   */
  readonly changedUsers = new Set<string>();
  private waiting = false;

  constructor(private readonly settings: EntraSessionSettings, opts: EntraSessionOptions = {}) {
    const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
    const sleep = opts.sleep ?? realSleep;
    this.hoursBack = settings.hoursBack ?? DEFAULT_HOURS_BACK;
    const onWait = (info: { url: string; status: number | 'network'; waitMs: number }): void => {
      this.waiting = true;
      const why = info.status === 'network' ? 'a network error' : `HTTP ${info.status}`;
      if (info.status === 429) noteRateLimitWait(info.waitMs);
      reportProgress(`waiting ${Math.ceil(info.waitMs / 1000)} s after ${why} from Microsoft on ${graphPath(info.url)}`);
    };
    this.http = new HttpClient({
      userAgent: userAgent('entra'),
      retry,
      sleep,
      ...(settings.extraCaPem ? { extraCaPem: settings.extraCaPem } : {}),
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      beforeRequest: createPacer(opts.pacing ?? DEFAULT_PACING, sleep),
      onWait,
      afterResponse: (_bucket, res) => {
        if (this.waiting && res.status < 400) {
          this.waiting = false;
          reportProgress(null);
        }
      },
    });
    this.auth = new EntraAuth({
      tenant: settings.tenant,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret ?? '',
      authorityHost: settings.config.entra.authorityHost,
      graphEndpoint: settings.config.entra.graphEndpoint,
      http: this.http,
      log: settings.log,
    });
    this.client = new GraphClient({
      http: this.http,
      graphEndpoint: settings.config.entra.graphEndpoint,
      tokens: this.auth,
      retry,
      sleep,
      onWait,
    });
  }

  /** Gets the first token (which also tells the tenant GUID). */
  async authenticate(signal?: AbortSignal): Promise<void> {
    if (!this.settings.clientSecret) {
      throw new TwinError('NOT_CONFIGURED', 'no Entra ID client secret is stored: run configureEntraId first');
    }
    await this.auth.token(signal);
  }

  keys(): EntraKeys {
    if (!this.auth.tenantId) throw new TwinError('INTERNAL', 'the Entra session is used before it authenticated');
    return entraKeys(this.auth.tenantId);
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
