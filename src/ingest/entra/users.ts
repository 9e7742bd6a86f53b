/**
 * Users: `/users` with the fields the twin needs. signInActivity needs AuditLog.Read.All and Entra ID P1;
 * when Graph refuses it (retried once: the refusal is reported to be intermittent) the users still sync
 * without it, the run gets a warning, and the last sign-in dates stored by earlier runs are kept.
 */
import { TwinError } from '../../errors.js';
import { EntraUserNode } from '../../model/graph.js';
import { latestDate, normalizeDate, normalizeIdentifier } from '../../model/vocabulary.js';
import { upsertNodes, writeFacet, type FacetRow, type NodeRow } from '../../model/writes.js';
import type { FetchContext, Resource, RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import { providerCodeOf } from './errors.js';
import type { GraphUser } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { SIGN_IN_ACTIVITY } from './access.js';
import type { EntraSession } from './session.js';

export const USER_FIELDS = [
  'id', 'userPrincipalName', 'displayName', 'mail', 'accountEnabled', 'userType', 'createdDateTime',
  'onPremisesImmutableId', 'proxyAddresses',
] as const;

/** Graph caps pages at 999 users, and at 500 once signInActivity is selected. */
export const USERS_PAGE = 999;
export const USERS_PAGE_WITH_SIGN_IN = 500;

/** How Graph refuses signInActivity: the permission is missing, or the tenant has no P1. */
export const SIGN_IN_REFUSALS = ['Authentication_MSGraphPermissionMissing', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'] as const;

/** smtp:/SMTP: proxy addresses, lower-cased, without the prefix; other kinds (sip:, x500:) are dropped. */
export function smtpAddresses(proxyAddresses: readonly string[] | null | undefined): string[] {
  const out = new Set<string>();
  for (const raw of proxyAddresses ?? []) {
    const m = /^smtp:(.+)$/i.exec(raw.trim());
    const address = normalizeIdentifier(m?.[1]);
    if (address) out.add(address);
  }
  return [...out];
}

export function transformEntraUser(u: GraphUser, keys: EntraKeys): NodeRow<typeof EntraUserNode> {
  const upn = u.userPrincipalName ?? null;
  const enabled = u.accountEnabled === true;
  // Old objects can have no userType; the directory treats them as members.
  const userType = u.userType === 'Guest' ? 'Guest' : 'Member';
  return {
    key: keys.user(u.id),
    props: {
      externalId: u.id,
      displayName: u.displayName ?? upn,
      login: upn,
      // Guest UPNs (alice_fabrikam.com#EXT#@contoso...) identify nobody outside this tenant.
      loginNorm: upn && !upn.toUpperCase().includes('#EXT#') ? normalizeIdentifier(upn) : null,
      email: u.mail ?? null,
      emailNorm: normalizeIdentifier(u.mail),
      active: enabled && userType === 'Member',
      enabled,
      status: enabled ? 'Enabled' : 'Disabled',
      userType,
      createdAt: normalizeDate(u.createdDateTime),
      immutableId: u.onPremisesImmutableId ?? null,
      proxyAddresses: smtpAddresses(u.proxyAddresses),
    },
  };
}

/** The signIn facet of a user read with signInActivity: the later of interactive and non-interactive. */
export function transformSignInActivity(u: GraphUser, keys: EntraKeys): FacetRow<typeof EntraUserNode.facets.signIn> {
  const activity = u.signInActivity ?? null;
  return {
    key: keys.user(u.id),
    props: { lastSignInAt: latestDate(normalizeDate(activity?.lastSignInDateTime), normalizeDate(activity?.lastNonInteractiveSignInDateTime)) },
  };
}

export function usersUrl(withSignIn: boolean): string {
  const fields = withSignIn ? [...USER_FIELDS, 'signInActivity'] : USER_FIELDS;
  return `/users?$select=${fields.join(',')}&$top=${withSignIn ? USERS_PAGE_WITH_SIGN_IN : USERS_PAGE}`;
}

function refusalWarning(code: string | undefined): string {
  const what =
    code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'
      ? `the tenant needs ${SIGN_IN_ACTIVITY.licence} for signInActivity`
      : `grant ${SIGN_IN_ACTIVITY.permission} to the app as an Application permission and admin-consent it`;
  return `signInActivity was refused (${code ?? 'unknown'}): users were synced without last sign-in dates and the dates stored earlier were kept; ${what}`;
}

/** One page of /users, and whether it was read with signInActivity. */
export interface EntraUsersPage {
  users: GraphUser[];
  withSignIn: boolean;
}

const writes = {
  users: upsertNodes(EntraUserNode),
  // Only for pages read with signInActivity: a refusal keeps the dates stored earlier.
  signIn: writeFacet(EntraUserNode, 'signIn'),
};

async function* listUsers(session: EntraSession, ctx: FetchContext, withSignIn: boolean): AsyncGenerator<EntraUsersPage, void, undefined> {
  const listing = ctx.listing();
  const pages = session.client.pages<GraphUser>(usersUrl(withSignIn), {
    bucket: withSignIn ? BUCKET.reports : BUCKET.directory,
    signal: ctx.signal,
    ...(withSignIn ? { retryOnceOn: SIGN_IN_REFUSALS } : {}),
    onRestart: () => listing.restart(),
  });
  try {
    for await (const users of pages) yield { users, withSignIn };
  } catch (err) {
    // Whatever this listing counted is taken back: a fallback listing counts the users again.
    listing.restart();
    throw err;
  }
}

/** A page's rows: the signIn facet only when the page was read with signInActivity. */
export function userRows(page: EntraUsersPage, keys: EntraKeys): RowsOf<typeof writes> {
  return {
    users: page.users.map((u) => transformEntraUser(u, keys)),
    ...(page.withSignIn ? { signIn: page.users.map((u) => transformSignInActivity(u, keys)) } : {}),
  };
}

export const users: Resource<EntraSession, EntraUsersPage, typeof writes> = {
  name: 'users',
  writes,
  counted: ['users'],
  async *pages(session, ctx) {
    try {
      yield* listUsers(session, ctx, true);
    } catch (err) {
      const code = providerCodeOf(err);
      if (!(err instanceof TwinError) || !code || !(SIGN_IN_REFUSALS as readonly string[]).includes(code)) throw err;
      ctx.warn(code, refusalWarning(code));
      yield* listUsers(session, ctx, false);
    }
  },
  transform: (page, session) => userRows(page, session.keys()),
};
