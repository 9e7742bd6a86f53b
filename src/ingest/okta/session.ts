/**
 * A sync session with one Okta org: it authenticates, hands the runner the enabled data sets (users,
 * groups, roles, apps, logs, policies: users first, so the edges of the later data sets find their
 * accounts), and is what every Okta resource's `pages` and `transform` receive. The runner closes it
 * when the run ends, and reports rate-limit waits with Okta's E0000047.
 */
import { TwinError, errorMessage } from '../../errors.js';
import type { OktaSyncOptions } from '../connector.js';
import type { ConnectorSession, DataSet } from '../data-set.js';
import { bindResource } from '../resource.js';
import { appsResource } from './apps.js';
import { groupsResource } from './groups.js';
import { oktaKeys, type OktaKeys } from './keys.js';
import { logsResource } from './logs.js';
import { toOktaError, type OktaClient } from './client.js';
import type { OktaOrg } from './org-session.js';
import { policiesResource } from './policies.js';
import { rolesResource } from './roles.js';
import { oktaAdvice, isOktaDataSet, OKTA_DATA_SETS, scopesFor, type OktaDataSetName } from './access.js';
import { usersResource } from './users.js';

const ENABLED_BY: Record<OktaDataSetName, keyof OktaSyncOptions> = {
  users: 'syncUsers',
  groups: 'syncGroups',
  roles: 'syncRoles',
  apps: 'syncApps',
  logs: 'syncLogs',
  policies: 'syncPolicies',
};

export function enabledDataSets(options: OktaSyncOptions): OktaDataSetName[] {
  return OKTA_DATA_SETS.filter((ds) => options[ENABLED_BY[ds]] === true);
}

export class OktaSession implements ConnectorSession {
  readonly rateLimitWarningCode = 'E0000047';
  private readonly names: OktaDataSetName[];
  private org: OktaOrg | undefined;
  private orgKeys: OktaKeys | undefined;
  private usersAt: number | null = null;

  constructor(
    private readonly open: (scopes: readonly string[]) => OktaOrg,
    private readonly options: OktaSyncOptions,
  ) {
    this.names = enabledDataSets(options);
  }

  private get opened(): OktaOrg {
    // With nothing enabled the token request still proves the credential: ask for every read scope.
    this.org ??= this.open(scopesFor(this.names.length > 0 ? this.names : OKTA_DATA_SETS));
    return this.org;
  }

  /** The org's API client, for the resources' `pages`. */
  get client(): OktaClient {
    return this.opened.client;
  }

  /** Graph keys of this org's objects, for the resources' transforms. */
  get keys(): OktaKeys {
    this.orgKeys ??= oktaKeys(this.opened.orgUrl);
    return this.orgKeys;
  }

  /** The System Log window the admin asked for, in hours (the logs resource clamps it). */
  get hoursBack(): number {
    return this.options.hoursBack;
  }

  /** Okta's current time, epoch ms (change cursors are times on Okta's clock); asks Okta once if no response told it yet. */
  async serverNow(signal: AbortSignal): Promise<number> {
    const org = this.opened;
    if (!org.clock.known) await org.client.send(org.client.url('/api/v1/users', { limit: 1 }), signal);
    return org.clock.now();
  }

  /**
   * Okta's time from which the users data set of this run has read everything (its new change cursor); null
   * until it finished. The groups data set's cursor never passes it: a membership read while a member's user
   * was not yet in the twin gets no edge, so that group must be read again once the user is there.
   */
  get usersReadAt(): number | null {
    return this.usersAt;
  }

  noteUsersRead(at: number): void {
    this.usersAt = at;
  }

  async authenticate(signal: AbortSignal): Promise<void> {
    const org = this.opened;
    try {
      await org.auth.authenticate(signal);
      if (org.kind === 'apiToken') {
        // An API token is only proven by a call: 401 means a bad token; 403 only a missing permission.
        const url = org.client.url('/api/v1/users', { limit: 1 });
        const res = await org.client.send(url, signal);
        if (res.status === 401) throw toOktaError(res, 'GET', url);
      }
    } catch (err) {
      if (err instanceof TwinError && err.code === 'UPSTREAM_AUTH_FAILED') {
        throw new TwinError('UPSTREAM_AUTH_FAILED', `${errorMessage(err)}. ${oktaAdvice('users', err.providerCode, org.kind, 'the okta.*.read scopes')}`, {
          ...(err.providerCode ? { providerCode: err.providerCode } : {}),
          ...(err.details ? { details: err.details } : {}),
          cause: err,
        });
      }
      throw err;
    }
  }

  /** The admin sees what to do next to Okta's code. */
  advise(dataSet: string, err: unknown): unknown {
    if (!(err instanceof TwinError) || !err.providerCode || !isOktaDataSet(dataSet)) return err;
    const scope = typeof err.details?.scope === 'string' ? err.details.scope : undefined;
    return new TwinError(err.code, `${err.message}. ${oktaAdvice(dataSet, err.providerCode, this.opened.kind, scope)}`, {
      providerCode: err.providerCode,
      ...(err.details ? { details: err.details } : {}),
      cause: err,
    });
  }

  async close(): Promise<void> {
    await this.org?.http.close();
  }

  dataSets(): DataSet[] {
    return this.names.map((name) => this.bind(name));
  }

  private bind(name: OktaDataSetName): DataSet {
    switch (name) {
      case 'users':
        return bindResource('OKTA', usersResource, this);
      case 'groups':
        return bindResource('OKTA', groupsResource, this);
      case 'roles':
        return bindResource('OKTA', rolesResource, this);
      case 'apps':
        return bindResource('OKTA', appsResource, this);
      case 'logs':
        return bindResource('OKTA', logsResource, this);
      case 'policies':
        return bindResource('OKTA', policiesResource, this);
    }
  }
}
