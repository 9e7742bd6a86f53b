/**
 * Risky sign-ins of the last `hoursBack` hours as SecurityEvents. A sign-in is a security event when
 * riskLevelDuringSignIn or riskLevelAggregated is low, medium or high (the contract's
 * SecurityEventSummary); its severity is the higher of the two. `hidden` (no P2) and `none` are not
 * events.
 *
 * Security history outlives the sync window: the model's age retention keeps every event of this
 * integration for EVENT_RETENTION_DAYS of resource.ts (Entra itself keeps sign-ins 30 days on P1/P2), so
 * a later run with a shorter hoursBack never erases what an earlier run saw.
 */
import { EntraSecurityEventNode, EntraUserNode, INVOLVES } from '../../model/graph.js';
import { highestSeverity, normalizeDate, type Severity } from '../../model/vocabulary.js';
import { mergeRels, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import type { GraphSignIn } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import type { EntraSession } from './session.js';

/** Graph's largest sign-in page. */
export const SIGN_INS_PAGE = 1000;

export function signInsUrl(since: Date): string {
  // Graph wants the bare timestamp (no quotes) and no fractional seconds are needed.
  const iso = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${iso}`)}&$top=${SIGN_INS_PAGE}`;
}

function joinParts(parts: Array<string | null | undefined>): string | null {
  const kept = parts.map((p) => p?.trim() ?? '').filter((p) => p !== '');
  return kept.length > 0 ? kept.join(', ') : null;
}

/** "City, State, CC" from the parts Graph filled in. */
export function locationOf(loc: GraphSignIn['location']): string | null {
  return joinParts([loc?.city, loc?.state, loc?.countryOrRegion]);
}

/** "OS, browser" from the parts Graph filled in. */
export function deviceOf(d: GraphSignIn['deviceDetail']): string | null {
  return joinParts([d?.operatingSystem, d?.browser]);
}

export function signInSeverity(s: Pick<GraphSignIn, 'riskLevelDuringSignIn' | 'riskLevelAggregated'>): Severity | null {
  return highestSeverity([s.riskLevelDuringSignIn, s.riskLevelAggregated]);
}

/** A risky sign-in: its event, and the key of the account it names, if any. */
export interface RiskySignIn extends NodeRow<typeof EntraSecurityEventNode> {
  account: string | null;
}

/** Null when the sign-in is not a security event. */
export function transformSignIn(s: GraphSignIn, keys: EntraKeys): RiskySignIn | null {
  const severity = signInSeverity(s);
  if (!severity) return null;
  const riskEventTypes = (s.riskEventTypes_v2 ?? []).filter((t) => typeof t === 'string' && t.trim() !== '');
  return {
    key: keys.signIn(s.id),
    account: s.userId ? keys.user(s.userId) : null,
    props: {
      externalId: s.id,
      severity,
      occurredAt: normalizeDate(s.createdDateTime),
      kind: riskEventTypes.length > 0 ? riskEventTypes.join(', ') : 'riskySignIn',
      ipAddress: s.ipAddress || null,
      location: locationOf(s.location),
      device: deviceOf(s.deviceDetail),
      riskLevelDuringSignIn: s.riskLevelDuringSignIn ?? null,
      riskLevelAggregated: s.riskLevelAggregated ?? null,
      riskState: s.riskState ?? null,
      riskDetail: s.riskDetail ?? null,
      riskEventTypes,
      app: s.appDisplayName || null,
      appId: s.appId || null,
      clientAppUsed: s.clientAppUsed || null,
      userPrincipalName: s.userPrincipalName || null,
      signInErrorCode: typeof s.status?.errorCode === 'number' ? s.status.errorCode : null,
    },
  };
}

const writes = {
  events: upsertNodes(EntraSecurityEventNode),
  // Only to accounts the users data set loaded: a sign-in of a user deleted since has no edge.
  involves: mergeRels(INVOLVES, { from: EntraSecurityEventNode, to: EntraUserNode }),
};

export const signIns: Resource<EntraSession, GraphSignIn[], typeof writes> = {
  name: 'signIns',
  // Its edges go to the accounts users loaded, nothing else: its pages (fetch-bound) are read while MFA,
  // groups and roles write.
  needs: ['users'],
  writes,
  counted: ['events'],
  async *pages(session, ctx) {
    const since = new Date(Date.parse(ctx.startedAt) - session.hoursBack * 3_600_000);
    const listing = ctx.listing();
    yield* session.client.pages<GraphSignIn>(signInsUrl(since), {
      bucket: BUCKET.signIns,
      signal: ctx.signal,
      onRestart: () => listing.restart(),
    });
  },
  transform(page, session): RowsOf<typeof writes> {
    const keys = session.keys();
    const events: Array<NodeRow<typeof EntraSecurityEventNode>> = [];
    const involves: Array<RelRow<typeof INVOLVES>> = [];
    for (const s of page) {
      const event = transformSignIn(s, keys);
      if (!event) continue;
      events.push({ key: event.key, props: event.props });
      if (event.account) involves.push({ from: event.key, to: event.account, props: {} });
    }
    return { events, involves };
  },
};
