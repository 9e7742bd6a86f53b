/**
 * Users: `/users` with the fields the twin needs. signInActivity needs AuditLog.Read.All and Entra ID P1;
 * when Graph refuses it (retried once: the refusal is reported to be intermittent) the users still sync
 * without it, the run gets a warning, and the last sign-in dates stored by earlier runs are kept.
 *
 * Incremental runs read `/users/delta` from the deltaLink the previous run stored, and the users whose
 * sign-in activity moved (users-changes.ts); a full read takes a fresh deltaLink before it lists.
 */
import { TwinError } from '../../errors.js';
import { EntraUserNode } from '../../model/graph.js';
import { latestDate, normalizeDate, normalizeIdentifier } from '../../model/vocabulary.js';
import { deleteNodes, upsertNodes, upsertNodesWith, writeFacet, type FacetRow, type NodeRow, type NodeWithFacetRow } from '../../model/writes.js';
import { syncStateExpired, type FetchContext, type Resource, type RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import { startFeed } from './delta.js';
import { providerCodeOf } from './errors.js';
import type { GraphDeltaUser, GraphUser } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { SIGN_IN_ACTIVITY } from './access.js';
import type { EntraSession } from './session.js';
import { decodeUsersCursor, encodeUsersCursor, readUserChanges, type UserChangesPage } from './users-changes.js';

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
      // Trimmed as identity resolution compares it, so the stored value is the join key itself (an index lookup).
      immutableId: u.onPremisesImmutableId?.trim() || null,
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

/** The delta query of the same fields (signInActivity is not available on delta). */
export const USERS_DELTA_URL = `/users/delta?$select=${USER_FIELDS.join(',')}`;

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
  // Pages read without signInActivity (Graph refused it, or a delta round): the dates stored earlier are kept.
  users: upsertNodes(EntraUserNode),
  // Pages read with it: the user and its dates in one write (the separate facet write was about 1.5 s per 28k users).
  usersWithSignIn: upsertNodesWith(EntraUserNode, 'signIn'),
  // An incremental run's users whose sign-in activity moved, and nothing else of them.
  signIn: writeFacet(EntraUserNode, 'signIn'),
  // Last in a batch: a user a delta round says is gone (soft-deleted or for good), with its edges.
  removed: deleteNodes(EntraUserNode),
};

/** A page of a full listing, or of an incremental run (a delta round, then sign-in reads). */
export type EntraUsersDataPage = EntraUsersPage | UserChangesPage;

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

/** A delta round's rows: current users upserted, removed ones deleted. */
export function deltaUserRows(users: readonly GraphDeltaUser[], keys: EntraKeys): RowsOf<typeof writes> {
  const upserts: Array<NodeRow<typeof EntraUserNode>> = [];
  const removed: Array<{ key: string }> = [];
  for (const u of users) {
    if (typeof u.id !== 'string') continue;
    if (u['@removed']) removed.push({ key: keys.user(u.id) });
    else upserts.push(transformEntraUser(u, keys));
  }
  return { users: upserts, removed };
}

/** A page's rows: with the signIn facet only when the page was read with signInActivity. */
export function userRows(page: EntraUsersPage, keys: EntraKeys): RowsOf<typeof writes> {
  if (!page.withSignIn) return { users: page.users.map((u) => transformEntraUser(u, keys)) };
  return { usersWithSignIn: page.users.map((u) => withSignIn(transformEntraUser(u, keys), transformSignInActivity(u, keys))) };
}

function withSignIn(
  user: NodeRow<typeof EntraUserNode>,
  signIn: FacetRow<typeof EntraUserNode.facets.signIn>,
): NodeWithFacetRow<typeof EntraUserNode, 'signIn'> {
  return { key: user.key, props: { ...user.props, ...signIn.props } };
}

export const users: Resource<EntraSession, EntraUsersDataPage, typeof writes> = {
  name: 'users',
  writes,
  counted: ['users', 'usersWithSignIn', 'removed'],
  async *pages(session, ctx) {
    // The change feed starts before the listing: a change made while it runs comes again in the next round.
    const delta = await startFeed(session.client, USERS_DELTA_URL, ctx, { bucket: BUCKET.directory, signal: ctx.signal });
    let withSignIn = true;
    try {
      yield* listUsers(session, ctx, true);
    } catch (err) {
      const code = providerCodeOf(err);
      if (!(err instanceof TwinError) || !code || !(SIGN_IN_REFUSALS as readonly string[]).includes(code)) throw err;
      ctx.warn(code, refusalWarning(code));
      withSignIn = false;
      yield* listUsers(session, ctx, false);
    }
    // Sign-ins are read from the run's start on (less Graph's reporting delay); without dates, everyone's next time.
    if (delta !== null) ctx.setCursor(encodeUsersCursor({ delta, signInsFrom: withSignIn ? ctx.startedAt : null }));
  },
  async *changes(session, ctx) {
    const cursor = ctx.cursor === null ? undefined : decodeUsersCursor(ctx.cursor);
    if (!cursor) throw syncStateExpired('the stored users cursor is not one this version reads');
    const next = yield* readUserChanges(session, ctx, cursor, {
      refusals: SIGN_IN_REFUSALS,
      onRefused: (code) => ctx.warn(code, refusalWarning(code)),
      onUpserted: (ids) => {
        for (const id of ids) session.changedUsers.add(id);
      },
      lost: (message, code) => syncStateExpired(message, code),
    });
    ctx.setCursor(encodeUsersCursor(next));
  },
  transform(page, session) {
    const keys = session.keys();
    if (!('kind' in page)) return userRows(page, keys);
    if (page.kind === 'delta') return deltaUserRows(page.users, keys);
    return { signIn: page.users.map((u) => transformSignInActivity(u, keys)) };
  },
};
