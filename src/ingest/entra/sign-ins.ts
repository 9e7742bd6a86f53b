/**
 * Risky sign-ins of the last `hoursBack` hours as SecurityEvents. A sign-in is a security event when
 * riskLevelDuringSignIn or riskLevelAggregated is low, medium or high (the contract's
 * SecurityEventSummary); its severity is the higher of the two. `hidden` (no P2) and `none` are not
 * events.
 *
 * Security history outlives the sync window: cleanup keeps every event of this integration for
 * EVENT_RETENTION_DAYS (Entra itself keeps sign-ins 30 days on P1/P2), so a later run with a shorter
 * hoursBack never erases what an earlier run saw.
 */
import { highestSeverity, normalizeDate, type Severity } from '../../model/vocabulary.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { BUCKET, type EntraEnv } from './env.js';
import type { GraphSignIn } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { ListingCount } from './listing-count.js';
import { relStamp, nodeStamp } from '../stamps.js';
import type { SecurityEventProps } from '../security-event.js';

export const EVENT_RETENTION_DAYS = 30;
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

export interface SecurityEventRow {
  key: string;
  /** Key of the account involved, if the sign-in names one. */
  account: string | null;
  props: SecurityEventProps & {
    riskLevelDuringSignIn: string | null;
    riskLevelAggregated: string | null;
    riskState: string | null;
    riskDetail: string | null;
    riskEventTypes: string[];
    app: string | null;
    appId: string | null;
    clientAppUsed: string | null;
    userPrincipalName: string | null;
    signInErrorCode: number | null;
  };
}

/** Null when the sign-in is not a security event. */
export function transformSignIn(s: GraphSignIn, keys: EntraKeys): SecurityEventRow | null {
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

const UPSERT_EVENT = `
UNWIND $rows AS row
MERGE (e:SecurityEvent {key: row.key})
SET e += row.props, ${nodeStamp('e')}
WITH e, row
OPTIONAL MATCH (a:Account {key: row.account}) WHERE a:EntraUser
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END |
  MERGE (e)-[r:INVOLVES]->(a)
  SET ${relStamp('r', 'signIns')})`;

export const SIGN_INS_CLEANUP = [
  `MATCH (e:SecurityEvent {integration: $integration})
   WHERE e.occurredAt IS NULL OR datetime(e.occurredAt) < datetime() - duration({days: ${EVENT_RETENTION_DAYS}})
   CALL { WITH e DETACH DELETE e } IN TRANSACTIONS OF 5000 ROWS`,
];

export function signInsDataSet(env: EntraEnv, hoursBack: number): DataSet {
  return {
    name: 'signIns',
    cleanup: SIGN_INS_CLEANUP,
    async run(ctx: DataSetContext): Promise<void> {
      const keys = env.keys();
      const since = new Date(Date.parse(ctx.startedAt) - hoursBack * 3_600_000);
      const events = ctx.writer<SecurityEventRow>(UPSERT_EVENT, { counted: false });
      const counted = new ListingCount(ctx);
      const pages = env.client.pages<GraphSignIn>(signInsUrl(since), {
        bucket: BUCKET.signIns,
        signal: ctx.signal,
        onRestart: () => counted.restart(),
      });
      for await (const page of pages) {
        const rows = page.map((s) => transformSignIn(s, keys)).filter((r): r is SecurityEventRow => r !== null);
        await events.addAll(rows);
        counted.add(rows.length);
      }
      await events.flush();
    },
  };
}
