/**
 * Data set `apps`: apps with their sign-on mode, and who is assigned (users directly or through a
 * group, and groups). The Office 365 app says which Entra tenant Okta federates, and its app users carry
 * the UPN and ImmutableID Okta sends to Microsoft: the strongest keys for joining the two identity
 * providers, stored on the OktaUser as o365UserName / o365ImmutableId.
 *
 * Okta's /api/v1/apps limits are low, so every apps call is made one after another (one bucket, and
 * this data set never has two in flight).
 */
import { TwinError } from '../../errors.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { normalizeAppName } from '../../model/vocabulary.js';
import { deleteUnseenNodes, deleteUnseenRels, nodeStamp, relStamp } from '../stamps.js';
import type { OktaKeys } from './keys.js';
import type { OktaClient } from './okta-client.js';
import { arr, at, obj, str, type JsonObject } from './wire.js';

/** Sign-on modes that replay stored passwords instead of federating (contract: CrossIdpPosture.ssoGaps). */
export const PASSWORD_SSO_MODES = new Set(['BROWSER_PLUGIN', 'AUTO_LOGIN', 'SECURE_PASSWORD_STORE', 'BASIC_AUTH']);

export interface AppRow {
  key: string;
  props: {
    externalId: string;
    displayName: string;
    name: string | null;
    nameNorm: string | null;
    status: string | null;
    signOnMode: string | null;
    passwordSso: boolean;
    signOnHosts: string[];
    permissions: string[];
    msftTenant: string | null;
    msftDomain: string | null;
  };
}

export interface AssignmentRow {
  principalKey: string;
  appKey: string;
  scope: string;
}

export interface O365Row {
  userKey: string;
  userName: string | null;
  immutableId: string | null;
}

/** The OIN key is `office365`; the label is the fallback for renamed or older instances. */
export function isOffice365(app: JsonObject): boolean {
  if (str(app.name) === 'office365') return true;
  return /^(microsoft )?office 365$/i.test(str(app.label) ?? '');
}

/** Hosts of the URL-valued settings where a user signs on (SAML ACS, SWA login URL, OIDC redirects). */
export function signOnHosts(app: JsonObject): string[] {
  const settings = obj(app.settings);
  const signOn = obj(settings.signOn);
  const appSettings = obj(settings.app);
  const oauth = obj(settings.oauthClient);
  const candidates: unknown[] = [
    signOn.ssoAcsUrl,
    signOn.ssoAcsUrlOverride,
    signOn.recipient,
    signOn.destination,
    signOn.loginUrl,
    ...arr(signOn.acsEndpoints).map((e) => at(e, 'url')),
    appSettings.url,
    appSettings.loginUrl,
    appSettings.siteURL,
    appSettings.baseUrl,
    appSettings.acsUrl,
    oauth.initiate_login_uri,
    ...arr(oauth.redirect_uris),
  ];
  const hosts = new Set<string>();
  for (const c of candidates) {
    const s = str(c);
    if (!s) continue;
    try {
      const u = new URL(s);
      const host = u.hostname.toLowerCase();
      if ((u.protocol === 'https:' || u.protocol === 'http:') && /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host)) hosts.add(host);
    } catch {
      // Templates such as https://${org.subdomain}.example.com are not URLs: nothing to compare.
    }
  }
  return [...hosts].sort();
}

export function transformApp(app: JsonObject, keys: OktaKeys): AppRow {
  const id = str(app.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned an app without an id');
  const label = str(app.label) ?? str(app.name) ?? id;
  const signOnMode = str(app.signOnMode);
  const o365 = isOffice365(app);
  const appSettings = obj(obj(app.settings).app);
  return {
    key: keys.app(id),
    props: {
      externalId: id,
      displayName: label,
      name: str(app.name),
      nameNorm: normalizeAppName(label),
      status: str(app.status),
      signOnMode,
      passwordSso: signOnMode !== null && PASSWORD_SSO_MODES.has(signOnMode),
      signOnHosts: signOnHosts(app),
      permissions: [],
      msftTenant: o365 ? str(appSettings.msftTenant) : null,
      msftDomain: o365 ? str(appSettings.domain) : null,
    },
  };
}

/** An app user → its assignment, and for Office 365 the UPN and ImmutableID Okta sends to Microsoft. */
export function transformAppUser(appUser: JsonObject, appKey: string, keys: OktaKeys, office365: boolean): { assignment: AssignmentRow; o365: O365Row | null } | null {
  const uid = str(appUser.id);
  if (!uid) return null;
  const userKey = keys.user(uid);
  const assignment = { principalKey: userKey, appKey, scope: str(appUser.scope)?.toUpperCase() ?? 'USER' };
  if (!office365) return { assignment, o365: null };
  return {
    assignment,
    o365: {
      userKey,
      userName: str(at(appUser, 'credentials', 'userName')),
      immutableId: str(at(appUser, 'profile', 'immutableId')),
    },
  };
}

const LOAD_APPS = `UNWIND $rows AS row
MERGE (a:Application:OktaApp {key: row.key})
SET a += row.props, ${nodeStamp('a')}`;

const assign = (principal: 'Account' | 'Group'): string => `UNWIND $rows AS row
MATCH (p:${principal} {key: row.principalKey})
MATCH (a:Application {key: row.appKey})
MERGE (p)-[r:ASSIGNED_TO]->(a)
SET r.scope = row.scope, ${relStamp('r', 'apps')}`;

const LOAD_O365 = `UNWIND $rows AS row
MATCH (u:Account {key: row.userKey})
SET u.o365UserName = row.userName, u.o365ImmutableId = row.immutableId, u.o365RunId = $runId`;

/** Office 365 identities belong to the apps data set: cleared when its last run no longer saw them. */
const CLEAR_O365 = `MATCH (u:OktaUser) WHERE u.integration = $integration AND u.o365RunId IS NOT NULL AND u.o365RunId <> $runId
CALL { WITH u SET u.o365UserName = null, u.o365ImmutableId = null, u.o365RunId = null } IN TRANSACTIONS OF 5000 ROWS`;

export function appsDataSet(deps: { client: OktaClient; keys: OktaKeys }): DataSet {
  const { client, keys } = deps;
  return {
    name: 'apps',
    cleanup: [deleteUnseenRels('ASSIGNED_TO', 'apps'), deleteUnseenNodes('OktaApp'), CLEAR_O365],
    async run(ctx: DataSetContext): Promise<void> {
      const apps = ctx.writer<AppRow>(LOAD_APPS, { params: { source: ctx.source } });
      const userAssignments = ctx.writer<AssignmentRow>(assign('Account'), { counted: false, batchSize: 5000 });
      const groupAssignments = ctx.writer<AssignmentRow>(assign('Group'), { counted: false });
      const o365 = ctx.writer<O365Row>(LOAD_O365, { counted: false });

      for await (const page of client.pages('/api/v1/apps', { query: { limit: 200 }, signal: ctx.signal })) {
        const rows = page.map((a) => transformApp(a, keys));
        await apps.addAll(rows);
        await apps.flush();
        for (const [i, row] of rows.entries()) {
          const office365 = isOffice365(page[i] ?? {});
          const id = encodeURIComponent(row.props.externalId);
          try {
            for await (const users of client.pages(`/api/v1/apps/${id}/users`, { query: { limit: 500 }, signal: ctx.signal })) {
              for (const u of users) {
                const t = transformAppUser(u, row.key, keys, office365);
                if (!t) continue;
                await userAssignments.add(t.assignment);
                if (t.o365) await o365.add(t.o365);
              }
            }
            for await (const groups of client.pages(`/api/v1/apps/${id}/groups`, { query: { limit: 200 }, signal: ctx.signal })) {
              for (const g of groups) {
                const gid = str(g.id);
                if (gid) await groupAssignments.add({ principalKey: keys.group(gid), appKey: row.key, scope: 'GROUP' });
              }
            }
          } catch (err) {
            if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') {
              ctx.warn('E0000007', `app ${row.props.externalId} was deleted during the sync; its assignments were skipped`);
              continue;
            }
            throw err;
          }
        }
      }
      await userAssignments.flush();
      await groupAssignments.flush();
      await o365.flush();
    },
  };
}
