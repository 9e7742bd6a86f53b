/**
 * Users: `/users` with the fields the twin needs. signInActivity needs AuditLog.Read.All and Entra ID P1;
 * when Graph refuses it (retried once: the refusal is reported to be intermittent) the users still sync
 * without it, the run gets a warning, and the last sign-in dates stored by earlier runs are kept.
 */
import { TwinError } from '../../errors.js';
import { latestDate, normalizeDate, normalizeIdentifier } from '../../model/vocabulary.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { BUCKET, type EntraEnv } from './env.js';
import { providerCodeOf } from './graph-error.js';
import type { GraphUser } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { ListingCount } from './listing-count.js';
import { SIGN_IN_ACTIVITY } from './permissions.js';
import { nodeStamp, notSeen } from '../stamps.js';

export const USER_FIELDS = [
  'id', 'userPrincipalName', 'displayName', 'mail', 'accountEnabled', 'userType', 'createdDateTime',
  'onPremisesImmutableId', 'proxyAddresses',
] as const;

/** Graph caps pages at 999 users, and at 500 once signInActivity is selected. */
export const USERS_PAGE = 999;
export const USERS_PAGE_WITH_SIGN_IN = 500;

/** How Graph refuses signInActivity: the permission is missing, or the tenant has no P1. */
export const SIGN_IN_REFUSALS = ['Authentication_MSGraphPermissionMissing', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'] as const;

export interface UserRow {
  key: string;
  props: {
    externalId: string;
    displayName: string | null;
    login: string | null;
    loginNorm: string | null;
    email: string | null;
    emailNorm: string | null;
    active: boolean;
    enabled: boolean;
    status: 'Enabled' | 'Disabled';
    userType: string;
    createdAt: string | null;
    immutableId: string | null;
    proxyAddresses: string[];
  };
  /** False when signInActivity was not read: the stored lastSignInAt is then left alone. */
  signInKnown: boolean;
  lastSignInAt: string | null;
}

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

export function transformUser(u: GraphUser, keys: EntraKeys, signInKnown: boolean): UserRow {
  const upn = u.userPrincipalName ?? null;
  const enabled = u.accountEnabled === true;
  // Old objects can have no userType; the directory treats them as members.
  const userType = u.userType === 'Guest' ? 'Guest' : 'Member';
  const activity = u.signInActivity ?? null;
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
    signInKnown,
    lastSignInAt: signInKnown
      ? latestDate(normalizeDate(activity?.lastSignInDateTime), normalizeDate(activity?.lastNonInteractiveSignInDateTime))
      : null,
  };
}

export function usersUrl(withSignIn: boolean): string {
  const fields = withSignIn ? [...USER_FIELDS, 'signInActivity'] : USER_FIELDS;
  return `/users?$select=${fields.join(',')}&$top=${withSignIn ? USERS_PAGE_WITH_SIGN_IN : USERS_PAGE}`;
}

const UPSERT = `
UNWIND $rows AS row
MERGE (u:Account {key: row.key})
ON CREATE SET u.mfaRegistered = false, u.mfaMethods = [], u.mfaRawMethods = []
SET u:EntraUser, u += row.props, ${nodeStamp('u')},
    u.lastSignInAt = CASE WHEN row.signInKnown THEN row.lastSignInAt ELSE u.lastSignInAt END`;

export const USERS_CLEANUP = [
  `MATCH (u:Account {integration: $integration}) WHERE u:EntraUser AND ${notSeen('u')}
   CALL { WITH u DETACH DELETE u } IN TRANSACTIONS OF 5000 ROWS`,
];

function refusalWarning(code: string | undefined): string {
  const what =
    code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'
      ? `the tenant needs ${SIGN_IN_ACTIVITY.licence} for signInActivity`
      : `grant ${SIGN_IN_ACTIVITY.permission} to the app as an Application permission and admin-consent it`;
  return `signInActivity was refused (${code ?? 'unknown'}): users were synced without last sign-in dates and the dates stored earlier were kept; ${what}`;
}

export function usersDataSet(env: EntraEnv): DataSet {
  return {
    name: 'users',
    cleanup: USERS_CLEANUP,
    async run(ctx: DataSetContext): Promise<void> {
      const keys = env.keys();
      const writer = ctx.writer<UserRow>(UPSERT, { counted: false });
      const counted = new ListingCount(ctx);
      const load = async (withSignIn: boolean): Promise<void> => {
        const pages = env.client.pages<GraphUser>(usersUrl(withSignIn), {
          bucket: withSignIn ? BUCKET.reports : BUCKET.directory,
          signal: ctx.signal,
          ...(withSignIn ? { retryOnceOn: SIGN_IN_REFUSALS } : {}),
          onRestart: () => counted.restart(),
        });
        for await (const page of pages) {
          await writer.addAll(page.map((u) => transformUser(u, keys, withSignIn)));
          counted.add(page.length);
        }
      };
      try {
        await load(true);
      } catch (err) {
        const code = providerCodeOf(err);
        if (!(err instanceof TwinError) || !code || !(SIGN_IN_REFUSALS as readonly string[]).includes(code)) throw err;
        ctx.warn(code, refusalWarning(code));
        counted.restart();
        await load(false);
      }
      await writer.flush();
    },
  };
}
