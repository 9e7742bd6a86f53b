/**
 * IdentityPosture.accounts and .mfa (totals and MFA coverage per source) and the tenant-wide people counts
 * of crossIdp, counted in the database when the posture facts are refreshed (posture-facts.ts). Counting
 * there, not over rows this process read, is what lets a refresh read only the accounts a sync changed:
 * the counts are always over the whole twin. One statement; it aggregates and returns a few rows.
 */
import type { Graph } from '../neo4j/driver.js';
import type { AccountTotalsView, MfaCoverageView } from './views.js';
import { MFA_GAP_KINDS, MFA_METHODS, ROLE_CONFLICT_KINDS, SOURCES, type MfaGapKind, type MfaMethod, type RoleConflictKind, type Source } from '../model/vocabulary.js';

export interface TenantCounts {
  people: number;
  accounts: AccountTotalsView[];
  mfa: MfaCoverageView[];
  inBoth: number;
  onlyInEntra: number;
  onlyInOkta: number;
  mfaGapCounts: Array<{ kind: MfaGapKind; people: number }>;
  roleConflictCounts: Array<{ kind: RoleConflictKind; people: number }>;
}

interface SourceRow {
  source: Source;
  total: number;
  active: number;
  guests: number;
  registered: number;
}

/**
 * Reads the counts after the facts were written: a person's presence in each IdP is its posture facet, and the
 * people per MFA gap or role conflict kind are the findings of that kind (an index count).
 */
export async function readTenantCounts(graph: Graph): Promise<TenantCounts> {
  // One pass over the accounts: a count per known method is one column each (an account counts once per method).
  const perMethod = MFA_METHODS.map((m, i) => `count(CASE WHEN active AND '${m}' IN methods THEN 1 END) AS m${i}`).join(', ');
  const methodList = MFA_METHODS.map((_, i) => `m${i}`).join(', ');
  const [row] = await graph.read<{
    sources: Array<SourceRow & { methods: number[] }>;
    people: { people: number; inBoth: number; onlyInEntra: number; onlyInOkta: number };
    findings: Array<{ list: string; kind: string; people: number }>;
  }>(
    `CALL () {
       MATCH (a:Account)
       WITH a.source AS source, coalesce(a.active, false) AS active, a.userType AS userType,
            coalesce(a.mfaRegistered, false) AS mfaRegistered, coalesce(a.mfaMethods, []) AS methods
       WITH source, count(*) AS total, count(CASE WHEN active THEN 1 END) AS active,
            count(CASE WHEN source = 'ENTRA_ID' AND userType = 'Guest' THEN 1 END) AS guests,
            count(CASE WHEN active AND mfaRegistered THEN 1 END) AS registered, ${perMethod}
       RETURN collect({source: source, total: total, active: active, guests: guests, registered: registered, methods: [${methodList}]}) AS sources
     }
     CALL () {
       MATCH (p:Person)
       RETURN {people: count(p), inBoth: count(CASE WHEN p.inEntra AND p.inOkta THEN 1 END),
               onlyInEntra: count(CASE WHEN p.activeInEntra AND NOT coalesce(p.inOkta, false) THEN 1 END),
               onlyInOkta: count(CASE WHEN p.activeInOkta AND NOT coalesce(p.inEntra, false) THEN 1 END)} AS people
     }
     CALL () {
       UNWIND $buckets AS b
       CALL (b) {
         MATCH (f:PostureFinding) WHERE f.list = b.list AND f.bucket = b.kind AND f.sort IS NOT NULL
         RETURN count(f) AS people
       }
       RETURN collect({list: b.list, kind: b.kind, people: people}) AS findings
     }
     RETURN sources, people, findings`,
    {
      buckets: [...MFA_GAP_KINDS.map((kind) => ({ list: 'mfaGap', kind })), ...ROLE_CONFLICT_KINDS.map((kind) => ({ list: 'roleConflict', kind }))],
    },
  );
  const sources = row?.sources ?? [];
  const findings = row?.findings ?? [];
  const of = (s: Source): SourceRow & { methods: number[] } =>
    sources.find((r) => r.source === s) ?? { source: s, total: 0, active: 0, guests: 0, registered: 0, methods: [] };
  const count = (list: string, kind: string): number => findings.find((f) => f.list === list && f.kind === kind)?.people ?? 0;
  return {
    people: row?.people.people ?? 0,
    accounts: SOURCES.map((source) => {
      const r = of(source);
      return { source, total: r.total, active: r.active, guests: r.guests };
    }),
    // Over active accounts: how many have MFA registered, and per known method (enum order, zeros left out).
    // Both numbers come straight from the providers: Entra's registration report, Okta's factors.
    mfa: SOURCES.map((source): MfaCoverageView => {
      const r = of(source);
      const byMethod = MFA_METHODS.flatMap((method: MfaMethod, i) => {
        const n = r.methods[i] ?? 0;
        return n > 0 ? [{ method, accounts: n }] : [];
      });
      return { source, accounts: r.active, registered: r.registered, ratio: r.active === 0 ? 0 : r.registered / r.active, byMethod, confidence: 'VERIFIED' };
    }),
    inBoth: row?.people.inBoth ?? 0,
    onlyInEntra: row?.people.onlyInEntra ?? 0,
    onlyInOkta: row?.people.onlyInOkta ?? 0,
    mfaGapCounts: MFA_GAP_KINDS.map((kind) => ({ kind, people: count('mfaGap', kind) })),
    roleConflictCounts: ROLE_CONFLICT_KINDS.map((kind) => ({ kind, people: count('roleConflict', kind) })),
  };
}
