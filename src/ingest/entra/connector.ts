/**
 * The Entra ID connector: validates what the admin typed, tests the stored credentials, and opens sync
 * sessions whose data sets run in the order users, mfa, groups, roles, policies, apps (each later one links
 * to what the earlier ones loaded), with signIns beside them once users finished (it links to accounts only).
 */
import type { ConnectorDeps, EntraConfigValues, EntraSyncOptions, IntegrationConnector, StoredIntegration } from '../connector.js';
import type { ConnectionTestResult } from '../types.js';
import type { ConnectorSession, DataSet } from '../data-set.js';
import { bindResource } from '../resource.js';
import { apps } from './apps.js';
import { testEntraConnection } from './connection-test.js';
import { groups } from './groups.js';
import { mfa } from './mfa.js';
import { isEntraDataSet, withAdvice } from './access.js';
import { policies } from './policies.js';
import { roles } from './roles.js';
import { EntraSession, type EntraSessionOptions } from './session.js';
import { signIns } from './sign-ins.js';
import { users } from './users.js';
import { validateEntraConfig } from './validate.js';

export type EntraConnectorOptions = EntraSessionOptions;

/** The data sets the options ask for, in the order they must run. */
export function entraDataSets(session: EntraSession, options: EntraSyncOptions): DataSet[] {
  const sets: DataSet[] = [];
  if (options.syncUsers) sets.push(bindResource('ENTRA_ID', users, session), bindResource('ENTRA_ID', mfa, session));
  if (options.syncGroups) sets.push(bindResource('ENTRA_ID', groups, session));
  if (options.syncRoles) sets.push(bindResource('ENTRA_ID', roles, session));
  if (options.syncPolicies) sets.push(bindResource('ENTRA_ID', policies, session));
  if (options.syncSignIns) sets.push(bindResource('ENTRA_ID', signIns, session));
  if (options.syncApps) sets.push(bindResource('ENTRA_ID', apps, session));
  return sets;
}

/** A failed data set's error with what to do about Graph's refusal (the runner asks for it). */
export function adviseEntra(dataSet: string, err: unknown): unknown {
  return isEntraDataSet(dataSet) ? withAdvice(dataSet, err) : err;
}

export function openEntraSession(
  deps: ConnectorDeps,
  stored: StoredIntegration,
  credentials: Record<string, string>,
  opts: EntraConnectorOptions = {},
  hoursBack?: number,
): EntraSession {
  return new EntraSession(
    {
      config: deps.config,
      log: deps.log,
      extraCaPem: deps.extraCaPem,
      tenant: stored.tenant,
      clientId: stored.clientId ?? '',
      clientSecret: credentials.clientSecret,
      ...(hoursBack !== undefined ? { hoursBack } : {}),
    },
    opts,
  );
}

export function createEntraConnector(
  deps: ConnectorDeps,
  opts: EntraConnectorOptions = {},
): IntegrationConnector<EntraSyncOptions, EntraConfigValues> {
  return {
    source: 'ENTRA_ID',
    validate: validateEntraConfig,

    async testConnection(stored, credentials): Promise<ConnectionTestResult> {
      const session = openEntraSession(deps, stored, credentials, opts);
      try {
        return await testEntraConnection(session);
      } finally {
        await session.close();
      }
    },

    session(stored, credentials, options): ConnectorSession {
      const session = openEntraSession(deps, stored, credentials, opts, options.hoursBack);
      // The runner closes the session once the run ends, whatever happened.
      return {
        authenticate: (signal) => session.authenticate(signal),
        dataSets: () => entraDataSets(session, options),
        advise: adviseEntra,
        close: () => session.close(),
      };
    },
  };
}
