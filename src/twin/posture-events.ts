/**
 * IdentityPosture.securityEvents. The connectors store only risky events (Entra sign-ins with a low,
 * medium or high risk level; Okta events with a risk level or security.threat.detected) with their
 * highest level as severity, so the summary counts the SecurityEvent nodes.
 */
import type { Graph } from '../neo4j/driver.js';
import type { SecurityEventSummaryView } from './views.js';
import { SEVERITIES, SOURCES } from '../model/vocabulary.js';

export async function securityEventSummary(graph: Graph): Promise<SecurityEventSummaryView> {
  const rows = await graph.read<{ source: string; severity: string; count: number }>(
    `MATCH (e:SecurityEvent) WHERE e.severity IN $severities
     RETURN e.source AS source, e.severity AS severity, count(*) AS count`,
    { severities: [...SEVERITIES] },
  );
  const sum = (pick: (r: (typeof rows)[number]) => boolean): number => rows.filter(pick).reduce((n, r) => n + r.count, 0);
  return {
    total: sum(() => true),
    bySeverity: SEVERITIES.map((severity) => ({ severity, count: sum((r) => r.severity === severity) })),
    bySource: SOURCES.map((source) => ({ source, count: sum((r) => r.source === source) })),
  };
}
