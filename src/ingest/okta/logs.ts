/**
 * Data set `logs`: System Log events of the last `hoursBack` hours that are security events per the
 * contract (a risk level, or security.threat.detected) become SecurityEvent nodes.
 *
 * A bounded query (since and until set) ends, unlike polling: follow `next` to the last page. Risk comes
 * in two encodings, both read: the older `debugContext.debugData.risk` string
 * ("{reasons=Anomalous Location, Anomalous Device, level=HIGH}": the reasons hold commas, so a regex) and
 * `debugData.logOnlySecurityData` (escaped JSON), and the newer `securityContext.risk.level`.
 *
 * Retention: events stay after the run that loaded them (a later run with a shorter window must not
 * erase history) and are removed once older than RETENTION_DAYS, or hoursBack (in whole days, rounded
 * up) when that is longer. Undated events go when a run no longer sees them (the model's rule for both
 * connectors).
 */
import { INVOLVES, OktaSecurityEventNode, OktaUserNode } from '../../model/graph.js';
import { highestSeverity, normalizeDate, type Severity } from '../../model/vocabulary.js';
import { mergeRels, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { at, isObject, str, type JsonObject } from './wire.js';

export const RETENTION_DAYS = 30;
/** Okta keeps the System Log for 90 days; asking further back is refused (E0000053 beyond 180). */
export const MAX_HOURS_BACK = 90 * 24;

const LEVEL = /\blevel\s*=\s*(LOW|MEDIUM|HIGH)\b/i;

/** The level in the legacy `risk` string form, e.g. "{reasons=Anomalous Device, level=HIGH}". */
export function legacyRiskLevel(risk: unknown): Severity | null {
  const s = str(risk);
  if (!s) return null;
  return highestSeverity([LEVEL.exec(s)?.[1]]);
}

/** The level inside `logOnlySecurityData`: JSON `{"risk":{"level":"MEDIUM",…}}`, leniently. */
export function securityDataRiskLevel(data: unknown): Severity | null {
  const s = str(data);
  if (!s) return null;
  try {
    const parsed: unknown = JSON.parse(s);
    const level = at(parsed, 'risk', 'level');
    if (typeof level === 'string') return highestSeverity([level]);
    // Some events carry the legacy string form inside the JSON.
    return legacyRiskLevel(at(parsed, 'risk'));
  } catch {
    return highestSeverity([/"level"\s*:\s*"(LOW|MEDIUM|HIGH)"/i.exec(s)?.[1]]);
  }
}

/** The highest risk level the event gives in any encoding, or HIGH for a threat detection without one. */
export function eventSeverity(event: JsonObject): Severity | null {
  const debug = at(event, 'debugContext', 'debugData');
  const level = highestSeverity([
    legacyRiskLevel(at(debug, 'risk')),
    securityDataRiskLevel(at(debug, 'logOnlySecurityData')),
    str(at(event, 'securityContext', 'risk', 'level')),
  ]);
  if (level) return level;
  return str(event.eventType) === 'security.threat.detected' ? 'HIGH' : null;
}

/** Empty, "null" and "unknown" are what Okta writes when it does not know. */
function known(v: unknown): string | null {
  const s = str(v)?.trim();
  if (!s || /^(null|unknown)$/i.test(s)) return null;
  return s;
}

export function eventLocation(event: JsonObject): string | null {
  const geo = at(event, 'client', 'geographicalContext');
  const parts = [known(at(geo, 'city')), known(at(geo, 'state')), known(at(geo, 'country'))].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

export function eventDevice(event: JsonObject): string | null {
  const ua = at(event, 'client', 'userAgent');
  const parts = [known(at(ua, 'os')), known(at(ua, 'browser'))].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : known(at(ua, 'rawUserAgent'));
}

export interface SecurityEventRow extends NodeRow<typeof OktaSecurityEventNode> {
  /** The OktaUserNode the event is about, when the actor is a user. */
  actorKey: string | null;
}

/** A System Log event → a SecurityEvent row, or null when it is not a security event. */
export function transformLogEvent(event: JsonObject, keys: OktaKeys): SecurityEventRow | null {
  const uuid = str(event.uuid);
  if (!uuid) return null;
  const severity = eventSeverity(event);
  if (!severity) return null;
  const actorId = str(at(event, 'actor', 'id'));
  const actorIsUser = str(at(event, 'actor', 'type'))?.toLowerCase() === 'user';
  return {
    key: keys.logEvent(uuid),
    actorKey: actorId && actorIsUser ? keys.user(actorId) : null,
    props: {
      externalId: uuid,
      severity,
      occurredAt: normalizeDate(str(event.published)),
      kind: str(event.eventType) ?? 'unknown',
      ipAddress: known(at(event, 'client', 'ipAddress')),
      location: eventLocation(event),
      device: eventDevice(event),
    },
  };
}

/** hoursBack as asked for Okta: whole hours, at least one, at most what the System Log keeps. */
export function clampHoursBack(hoursBack: number): number {
  return Math.min(Math.max(1, Math.ceil(hoursBack)), MAX_HOURS_BACK);
}

/** Days events are kept: RETENTION_DAYS, or the window asked for when that is longer. */
export function retentionDays(hoursBack: number): number {
  return Math.max(RETENTION_DAYS, Math.ceil(clampHoursBack(hoursBack) / 24));
}

const writes = {
  events: upsertNodes(OktaSecurityEventNode),
  involves: mergeRels(INVOLVES, { from: OktaSecurityEventNode, to: OktaUserNode }),
};

/** Pure: a page of System Log events → security events, and INVOLVES edges where the actor is a known user. */
export function transformLogs(page: readonly JsonObject[], keys: OktaKeys): RowsOf<typeof writes> {
  const events: Array<NodeRow<typeof OktaSecurityEventNode>> = [];
  const involves: Array<RelRow<typeof INVOLVES>> = [];
  for (const event of page) {
    const row = transformLogEvent(event, keys);
    if (!row) continue;
    events.push({ key: row.key, props: row.props });
    if (row.actorKey !== null) involves.push({ from: row.key, to: row.actorKey, props: {} });
  }
  return { events, involves };
}

export const logsResource: Resource<OktaSession, JsonObject[], typeof writes> = {
  name: 'logs',
  // Its edges go to the accounts users loaded, nothing else: the System Log is read while groups, roles and
  // apps write.
  needs: ['users'],
  writes,
  counted: ['events'],
  cleanupParams: (session) => ({ retentionDays: retentionDays(session.hoursBack) }),
  async *pages(session, ctx) {
    const hoursBack = clampHoursBack(session.hoursBack);
    if (hoursBack !== session.hoursBack) ctx.warn(null, `hoursBack ${session.hoursBack} was read as ${hoursBack} (Okta keeps the System Log for 90 days)`);
    const until = new Date(Date.parse(ctx.startedAt));
    const since = new Date(until.getTime() - hoursBack * 3600_000);
    const query = { since: since.toISOString(), until: until.toISOString(), limit: 1000, sortOrder: 'ASCENDING' };
    for await (const page of session.client.pages('/api/v1/logs', { query, signal: ctx.signal })) {
      // A bounded query ends without a next link; an empty page with one would be polling, which never ends.
      if (page.length === 0) break;
      yield page.filter(isObject);
    }
  },
  transform: (page, session) => transformLogs(page, session.keys),
};
