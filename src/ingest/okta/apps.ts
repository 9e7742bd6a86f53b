/**
 * Data set `apps`: apps with their sign-on mode, and who is assigned (users directly or through a
 * group, and groups). The Office 365 app says which Entra tenant Okta federates, and its app users carry
 * the UPN and ImmutableID Okta sends to Microsoft: the strongest keys for joining the two identity
 * providers, stored on the OktaUserNode as o365UserName / o365ImmutableId.
 *
 * Okta's /api/v1/apps limits are low, so every apps call is made one after another (one bucket, and
 * this data set never has two in flight).
 */
import { TwinError } from '../../errors.js';
import { ASSIGNED_TO, OktaAppNode, OktaGroupNode, OktaUserNode } from '../../model/graph.js';
import { normalizeAppName } from '../../model/vocabulary.js';
import { mergeRels, upsertNodes, writeFacet, type FacetRow, type NodeRow, type RelRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { arr, at, obj, str, type JsonObject } from './wire.js';

/** Sign-on modes that replay stored passwords instead of federating (contract: CrossIdpPosture.ssoGaps). */
export const PASSWORD_SSO_MODES = new Set(['BROWSER_PLUGIN', 'AUTO_LOGIN', 'SECURE_PASSWORD_STORE', 'BASIC_AUTH']);

export type AppRow = NodeRow<typeof OktaAppNode>;

export interface AssignmentRow {
  principalKey: string;
  appKey: string;
  scope: AssignmentScope;
}

/** How a user holds an app: Okta's app user `scope` is USER (direct) or GROUP (through a group). */
export type AssignmentScope = 'USER' | 'GROUP';

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
  // The model knows USER and GROUP only; anything else Okta might send is read as a direct assignment.
  const scope: AssignmentScope = str(appUser.scope)?.toUpperCase() === 'GROUP' ? 'GROUP' : 'USER';
  const assignment = { principalKey: userKey, appKey, scope };
  if (!office365) return { assignment, o365: null };
  return {
    assignment,
    o365: {
      userKey,
      userName: str(at(appUser, 'credentials', 'userName')),
      // Trimmed as identity resolution compares it, so the stored value is the join key itself (an index lookup).
      immutableId: str(at(appUser, 'profile', 'immutableId'))?.trim() || null,
    },
  };
}

/**
 * What `pages` reads, in the order it reads it: a page of apps, then each app's users and groups
 * (one listing page at a time, so a large app's assignments never sit in memory whole).
 */
export type AppsPage =
  | { kind: 'apps'; apps: JsonObject[] }
  | { kind: 'users'; appKey: string; office365: boolean; users: JsonObject[] }
  | { kind: 'groups'; appKey: string; groups: JsonObject[] };

// Nodes before relationships: assignments MATCH the apps written before them. The Office 365 identities
// are a facet of OktaUserNode owned by apps: the apps cleanup resets them on users its run no longer saw.
const writes = {
  apps: upsertNodes(OktaAppNode),
  userAssignments: mergeRels(ASSIGNED_TO, { from: OktaUserNode, to: OktaAppNode }),
  groupAssignments: mergeRels(ASSIGNED_TO, { from: OktaGroupNode, to: OktaAppNode }),
  o365: writeFacet(OktaUserNode, 'o365'),
};

/** Pure: one page of what `pages` read → app rows, assignment rows and Office 365 identities. */
export function transformAppsPage(page: AppsPage, keys: OktaKeys): RowsOf<typeof writes> {
  switch (page.kind) {
    case 'apps':
      return { apps: page.apps.map((a) => transformApp(a, keys)) };
    case 'users': {
      const userAssignments: Array<RelRow<typeof ASSIGNED_TO>> = [];
      const o365: Array<FacetRow<(typeof OktaUserNode)['facets']['o365']>> = [];
      for (const u of page.users) {
        const t = transformAppUser(u, page.appKey, keys, page.office365);
        if (!t) continue;
        userAssignments.push({ from: t.assignment.principalKey, to: t.assignment.appKey, props: { scope: t.assignment.scope } });
        if (t.o365) o365.push({ key: t.o365.userKey, props: { o365UserName: t.o365.userName, o365ImmutableId: t.o365.immutableId } });
      }
      return { userAssignments, o365 };
    }
    case 'groups': {
      const groupAssignments: Array<RelRow<typeof ASSIGNED_TO>> = [];
      for (const g of page.groups) {
        const gid = str(g.id);
        if (gid) groupAssignments.push({ from: keys.group(gid), to: page.appKey, props: { scope: 'GROUP' } });
      }
      return { groupAssignments };
    }
  }
}

export const appsResource: Resource<OktaSession, AppsPage, typeof writes> = {
  name: 'apps',
  writes,
  counted: ['apps'],
  async *pages(session, ctx) {
    const { client, keys } = session;
    for await (const apps of client.pages('/api/v1/apps', { query: { limit: 200 }, signal: ctx.signal })) {
      yield { kind: 'apps', apps };
      for (const app of apps) {
        const id = str(app.id);
        // transformApp fails the data set on an app without an id; there is nothing to list for it.
        if (!id) continue;
        const appKey = keys.app(id);
        const office365 = isOffice365(app);
        try {
          for await (const users of client.pages(`/api/v1/apps/${encodeURIComponent(id)}/users`, { query: { limit: 500 }, signal: ctx.signal })) {
            yield { kind: 'users', appKey, office365, users };
          }
          for await (const groups of client.pages(`/api/v1/apps/${encodeURIComponent(id)}/groups`, { query: { limit: 200 }, signal: ctx.signal })) {
            yield { kind: 'groups', appKey, groups };
          }
        } catch (err) {
          if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') {
            ctx.warn('E0000007', `app ${id} was deleted during the sync; its assignments were skipped`);
            continue;
          }
          throw err;
        }
      }
    }
  },
  transform: (page, session) => transformAppsPage(page, session.keys),
};
