/**
 * The Okta connector: validate what the admin typed, test the stored credential, and open a sync
 * session whose data sets run in the order users, groups, roles, apps, logs, policies (users first, so
 * the edges of the later data sets find their accounts).
 */
import { TwinError, errorMessage } from '../../errors.js';
import type { ConnectorDeps, IntegrationConnector, OktaConfigInput, OktaSyncOptions, StoredIntegration } from '../connector.js';
import type { ConnectionTestResult } from '../types.js';
import type { ConnectorSession, DataSet } from '../data-set.js';
import type { RetryPolicy } from '../http.js';
import { appsDataSet } from './apps.js';
import { testOktaOrg } from './connection-test.js';
import { groupsDataSet } from './groups.js';
import { oktaKeys } from './keys.js';
import { logsDataSet } from './logs.js';
import { toOktaError } from './okta-client.js';
import { OKTA_CONCURRENCY, openOktaOrg, type OktaOrg } from './org-session.js';
import { policiesDataSet } from './policies.js';
import { withProgress } from '../progress.js';
import { rolesDataSet } from './roles.js';
import { adviceFor, OKTA_DATA_SETS, scopesFor, type OktaDataSetName } from './scopes.js';
import { usersDataSet } from './users.js';
import { validateOktaConfig } from './validate.js';

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

/** The admin sees what to do next to Okta's code. */
function withAdvice(name: OktaDataSetName, err: unknown, org: OktaOrg): unknown {
  if (!(err instanceof TwinError) || !err.providerCode) return err;
  const scope = typeof err.details?.scope === 'string' ? err.details.scope : undefined;
  return new TwinError(err.code, `${err.message}. ${adviceFor(name, err.providerCode, org.kind, scope)}`, {
    providerCode: err.providerCode,
    ...(err.details ? { details: err.details } : {}),
    cause: err,
  });
}

function buildDataSet(name: OktaDataSetName, org: OktaOrg, options: OktaSyncOptions): DataSet {
  const keys = oktaKeys(org.orgUrl);
  const deps = { client: org.client, keys };
  switch (name) {
    case 'users':
      return usersDataSet({ ...deps, factorConcurrency: OKTA_CONCURRENCY });
    case 'groups':
      return groupsDataSet(deps);
    case 'roles':
      return rolesDataSet(deps);
    case 'apps':
      return appsDataSet(deps);
    case 'logs':
      return logsDataSet({ ...deps, hoursBack: options.hoursBack });
    case 'policies':
      return policiesDataSet(deps);
  }
}

class OktaSession implements ConnectorSession {
  private readonly names: OktaDataSetName[];
  private org: OktaOrg | undefined;

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
      if (this.names.length === 0) await org.http.close();
    } catch (err) {
      await org.http.close();
      if (err instanceof TwinError && err.code === 'UPSTREAM_AUTH_FAILED') {
        throw new TwinError('UPSTREAM_AUTH_FAILED', `${errorMessage(err)}. ${adviceFor('users', err.providerCode, org.kind, 'the okta.*.read scopes')}`, {
          ...(err.providerCode ? { providerCode: err.providerCode } : {}),
          ...(err.details ? { details: err.details } : {}),
          cause: err,
        });
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.org?.http.close();
  }

  dataSets(): DataSet[] {
    const org = this.opened;
    return this.names.map((name, i) => {
      const ds = buildDataSet(name, org, this.options);
      const last = i === this.names.length - 1;
      return {
        name: ds.name,
        cleanup: ds.cleanup,
        run: async (ctx) => {
          try {
            const { waits } = await withProgress(ctx.progress, () => ds.run(ctx));
            if (waits.count > 0) {
              ctx.warn('E0000047', `waited ${waits.count} time(s), ${Math.round(waits.totalMs / 1000)} s in all, for Okta's rate limits`);
            }
          } catch (err) {
            throw withAdvice(name, err, org);
          } finally {
            // The runner has no session-close hook: the last data set releases the connections.
            if (last) await org.http.close();
          }
        },
      };
    });
  }
}

export function createOktaConnector(
  deps: ConnectorDeps,
  opts: { retry?: Partial<RetryPolicy> } = {},
): IntegrationConnector<OktaSyncOptions, OktaConfigInput> {
  const open = (stored: StoredIntegration, credentials: Record<string, string>, scopes: readonly string[]): OktaOrg =>
    openOktaOrg(deps, stored, credentials, { scopes, ...(opts.retry ? { retry: opts.retry } : {}) });
  return {
    source: 'OKTA',
    validate: validateOktaConfig,
    async testConnection(stored: StoredIntegration, credentials: Record<string, string>): Promise<ConnectionTestResult> {
      const org = open(stored, credentials, scopesFor(OKTA_DATA_SETS));
      try {
        return await testOktaOrg(org);
      } finally {
        await org.http.close();
      }
    },
    session(stored: StoredIntegration, credentials: Record<string, string>, options: OktaSyncOptions): ConnectorSession {
      return new OktaSession((scopes) => open(stored, credentials, scopes), options);
    },
  };
}
