/**
 * `GET /users/delta` and `GET /groups/delta` as Graph answers them (graph/delta-query-overview,
 * delta-query-users, delta-query-groups):
 *
 * - The first call (no token) pages every current object; the last page carries `@odata.deltaLink`.
 *   `$deltatoken=latest` returns no objects and a deltaLink for "now" (Entra resources support it).
 * - Query parameters go in the first call only and are sealed into the tokens; a token call with other
 *   parameters is refused.
 * - A deltaLink later returns what changed since: changed objects with their current selected properties
 *   (a property never set is left out, one set to null is `null`), removed ones as
 *   `{"id", "@removed": {"reason": "changed" | "deleted"}}`. Only `$select`ed properties are tracked.
 * - Groups with `members` selected carry `members@delta`: every member on the first round, then the net
 *   additions and removals (`@removed`). A large membership is split: the group's entry ends the page and
 *   the next page continues with `{"id", "members@delta": [...]}` entries.
 * - signInActivity is not available on delta (400).
 * - A deltaLink older than `deltaTokenTtlMs` (7 days for directory objects) gets 400 syncStateNotFound; a
 *   tenant replaced without history (or the resetDeltaSync fault) gets 410 resyncRequired with a Location
 *   that starts over.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ChangeEntry, TrackedKind } from './change-log.js';
import { netMembership } from './change-log.js';
import { entityTypes } from './entity-types.js';
import type { GraphMemberRef } from './fixture.js';
import { GraphError, graphErrors } from './graph-error.js';
import { parseQuery, type ParsedQuery } from './graph-query.js';
import { contextUrl } from './graph-response.js';
import type { TenantStore } from './tenant-store.js';

export interface DeltaSettings {
  /** How long a deltaLink stays usable. Default 7 days. */
  deltaTokenTtlMs: number;
  /** Objects per delta page. Default 100 (Graph's default page size). */
  deltaPageSize: number;
  /** `members@delta` entries per groups delta page, over all its groups. Default 1000. */
  deltaMembersPerPage: number;
}

export const DEFAULT_DELTA_SETTINGS: DeltaSettings = { deltaTokenTtlMs: 7 * 24 * 3600_000, deltaPageSize: 100, deltaMembersPerPage: 1000 };

/** What a delta token carries: the round so far (skiptoken) or where the next round starts (deltatoken). */
interface DeltaState {
  /** `d`: a deltaLink's token; `s`: a nextLink's. */
  k: 'd' | 's';
  p: string;
  t: string;
  /** The change log's epoch when issued. */
  e: number;
  q: Array<[string, string]>;
  /** d: the sequence number changes are reported after. s: the round's start, null for the first round. */
  f: number | null;
  /** s: the sequence number the round reports up to. */
  to: number;
  /** s: scan position (object index for the first round, change entry index after). */
  o: number;
  /** s: members of the object at `o` already sent. */
  m: number;
  i: number;
}

export class DeltaTokenCodec {
  private readonly key = randomBytes(32);

  encode(state: DeltaState): string {
    const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${payload}.${createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 16)}`;
  }

  decode(token: string): DeltaState | undefined {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const payload = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 16));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DeltaState;
    } catch {
      return undefined;
    }
  }
}

export const deltaErrors = {
  expired: () =>
    new GraphError(400, 'syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.'),
  resyncRequired: (location: string) =>
    new GraphError(410, 'resyncRequired', 'The current sync state is no longer valid. Restart the synchronization with a full read.', { Location: location }),
  signInActivity: () => graphErrors.unsupportedQuery("Property 'signInActivity' is not supported for delta queries."),
  modifiedLink: () => graphErrors.badRequest('Query parameters must be given in the initial delta request only; follow the nextLink or deltaLink as returned.'),
  unsupportedOption: (name: string) => graphErrors.unsupportedQuery(`The query option '${name}' is not supported with delta queries.`),
};

export interface DeltaRequest {
  kind: TrackedKind;
  store: TenantStore;
  /** `https://host/v1.0`. */
  base: string;
  /** Decoded path after the version, e.g. `/users/delta`. */
  path: string;
  search: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
  nowMs: number;
  /** The resetDeltaSync fault fired for this request. */
  forceReset: boolean;
}

/** The parsed round: what the pipeline needs to throttle it, and how to answer it. */
export interface DeltaCall {
  query: ParsedQuery;
  answer(): Record<string, unknown>;
}

const TOKEN_PARAMS = new Set(['$deltatoken', '$skiptoken']);
const ALLOWED = new Set(['$select', '$top']);

function option(search: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of search) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Parses `$select` (plus `members` for groups) with the entity's property rules. */
function parseDeltaQuery(kind: TrackedKind, params: ReadonlyArray<readonly [string, string]>, headers: DeltaRequest['headers']): { query: ParsedQuery; members: boolean } {
  let members = false;
  const own = new URLSearchParams();
  for (const [k, v] of params) {
    const lower = (k.startsWith('$') ? k : `$${k}`).toLowerCase();
    if (!ALLOWED.has(lower)) throw deltaErrors.unsupportedOption(k);
    if (lower === '$select') {
      const names = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (kind === 'user' && names.some((n) => n.toLowerCase() === 'signinactivity')) throw deltaErrors.signInActivity();
      members = kind === 'group' && names.some((n) => n.toLowerCase() === 'members');
      own.append('$select', names.filter((n) => n.toLowerCase() !== 'members').join(','));
    }
  }
  const rules = { entity: kind, directory: true, isCollection: true, defaultTop: 100, maxTop: 999, overMax: 'clamp' as const, expandable: [] };
  return { query: parseQuery(own, headers, rules), members };
}

const memberRef = (ref: GraphMemberRef, removed: boolean): Record<string, unknown> => ({
  '@odata.type': `#microsoft.graph.${entityTypes[ref.type].odataType}`,
  id: ref.id,
  ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
});

export class DeltaResponder {
  constructor(
    private readonly codec: DeltaTokenCodec,
    private readonly settings: () => DeltaSettings,
  ) {}

  prepare(req: DeltaRequest): DeltaCall {
    const log = req.store.changes;
    const deltaToken = option(req.search, '$deltatoken');
    const skipToken = option(req.search, '$skiptoken');
    const others = [...req.search].filter(([k]) => !TOKEN_PARAMS.has(k.toLowerCase()));
    const stamp = { p: req.path, t: req.store.tenantId, e: log.epoch, i: req.nowMs };

    if (deltaToken === undefined && skipToken === undefined) {
      // The first round: every current object, up to the sequence number of now.
      const parsed = parseDeltaQuery(req.kind, others, req.headers);
      const state: DeltaState = { k: 's', ...stamp, q: others, f: null, to: log.seq, o: 0, m: 0 };
      return { query: parsed.query, answer: () => this.page(req, state, parsed) };
    }
    if (deltaToken?.toLowerCase() === 'latest') {
      const parsed = parseDeltaQuery(req.kind, others, req.headers);
      return {
        query: parsed.query,
        answer: () => this.envelope(req, parsed.query, [], { deltaLink: { k: 'd', ...stamp, q: others, f: log.seq, to: log.seq, o: 0, m: 0 } }),
      };
    }
    if (others.length > 0) throw deltaErrors.modifiedLink();
    const token = deltaToken ?? skipToken ?? '';
    const state = this.codec.decode(token);
    if (!state || state.p !== req.path || state.t !== req.store.tenantId || state.k !== (deltaToken !== undefined ? 'd' : 's')) {
      throw graphErrors.invalidPageToken();
    }
    const parsed = parseDeltaQuery(req.kind, state.q, req.headers);
    if (req.forceReset || state.e !== log.epoch) {
      const params = state.q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      throw deltaErrors.resyncRequired(`${req.base}${req.path}${params ? `?${params}` : ''}`);
    }
    if (req.nowMs - state.i > this.settings().deltaTokenTtlMs) throw deltaErrors.expired();
    if (state.k === 'd') {
      const from = state.f ?? 0;
      const round: DeltaState = { ...state, k: 's', f: from, to: log.seq, o: log.firstAfter(from), m: 0, i: req.nowMs };
      return { query: parsed.query, answer: () => this.page(req, round, parsed) };
    }
    return { query: parsed.query, answer: () => this.page(req, state, parsed) };
  }

  private envelope(
    req: DeltaRequest,
    query: ParsedQuery,
    value: Array<Record<string, unknown>>,
    link: { next: DeltaState } | { deltaLink: DeltaState },
  ): Record<string, unknown> {
    const fragment = req.kind === 'user' ? 'users' : 'groups';
    const out: Record<string, unknown> = { '@odata.context': contextUrl(req.base, fragment, query, false) };
    if ('next' in link) out['@odata.nextLink'] = `${req.base}${req.path}?$skiptoken=${encodeURIComponent(this.codec.encode(link.next))}`;
    else out['@odata.deltaLink'] = `${req.base}${req.path}?$deltatoken=${encodeURIComponent(this.codec.encode({ ...link.deltaLink, i: req.nowMs }))}`;
    out.value = value;
    return out;
  }

  private page(req: DeltaRequest, state: DeltaState, parsed: { query: ParsedQuery; members: boolean }): Record<string, unknown> {
    const { deltaPageSize, deltaMembersPerPage } = this.settings();
    const log = req.store.changes;
    const fields = parsed.query.select ?? entityTypes[req.kind].defaultSelect;
    const value: Array<Record<string, unknown>> = [];
    let memberBudget = deltaMembersPerPage;
    let o = state.o;
    let m = state.m;

    const render = (id: string): Record<string, unknown> => {
      const obj = req.kind === 'user' ? req.store.users.get(id) : req.store.groups.get(id);
      if (!obj) return { id, '@removed': { reason: log.removalOf(req.kind, id) ?? 'deleted' } };
      const out: Record<string, unknown> = { id: obj.id };
      // Fixture shapes are type aliases: a user or group is a record of its properties.
      const source: Record<string, unknown> = obj;
      const names = fields ?? Object.keys(source);
      for (const name of names) {
        if (name === 'id' || name === 'signInActivity') continue;
        const v = source[name];
        // A property never set is left out; one a change set (even to null) is sent.
        if ((v !== null && v !== undefined) || log.wasEverSet(req.kind, obj.id, name)) out[name] = v ?? null;
      }
      return out;
    };

    /** Appends the group's members from `m` on; false when the page is full before they all fit. */
    const withMembers = (entry: Record<string, unknown>, refs: ReadonlyArray<{ ref: GraphMemberRef; op: 'add' | 'remove' }>): boolean => {
      if (memberBudget <= 0 && m < refs.length && value.length > 0) return false;
      const slice = refs.slice(m, m + Math.max(1, memberBudget));
      const first = m === 0;
      // A continuation names only the group; its properties came with the first part.
      const part: Record<string, unknown> = first ? entry : { id: entry.id };
      part['members@delta'] = slice.map((r) => memberRef(r.ref, r.op === 'remove'));
      value.push(part);
      memberBudget -= slice.length;
      m += slice.length;
      if (m < refs.length) return false;
      m = 0;
      return true;
    };

    const full = (): boolean => value.length >= deltaPageSize || (parsed.members && memberBudget <= 0);

    if (state.f === null) {
      // First round: the collection in scan order.
      const items = req.kind === 'user' ? req.store.users.items : req.store.groups.items;
      while (o < items.length && !full()) {
        const item = items[o];
        if (!item) {
          o++;
          continue;
        }
        const entry = render(item.id);
        if (req.kind === 'group' && parsed.members) {
          const refs = req.store
            .directMembers(item.id)
            .filter((ref) => req.store.directoryObject(ref) !== undefined)
            .map((ref) => ({ ref, op: 'add' as const }));
          if (!withMembers(entry, refs)) break;
        } else {
          value.push(entry);
        }
        o++;
      }
      if (o < items.length) return this.envelope(req, parsed.query, value, { next: { ...state, o, m } });
      return this.envelope(req, parsed.query, value, { deltaLink: { ...state, k: 'd', f: state.to, o: 0, m: 0 } });
    }

    // A round of changes: the log's entries in (f, to], each object at its last tracked entry.
    const from = state.f;
    const tracked = (e: ChangeEntry): boolean =>
      e.created === true ||
      e.removed !== undefined ||
      (e.member !== undefined && parsed.members) ||
      (e.props ?? []).some((p) => fields === undefined || fields.includes(p));
    const entries = log.entries;
    while (o < entries.length && (entries[o]?.seq ?? Infinity) <= state.to && !full()) {
      const e = entries[o];
      if (!e || e.kind !== req.kind || log.lastTracked(e.kind, e.id, from, state.to, tracked) !== o) {
        o++;
        continue;
      }
      const entry = render(e.id);
      if (req.kind === 'group' && parsed.members && !('@removed' in entry)) {
        const refs = netMembership(log.entriesOf('group', e.id, from, state.to));
        if (refs.length > 0 && !withMembers(entry, refs)) break;
        if (refs.length === 0) value.push(entry);
      } else {
        value.push(entry);
      }
      o++;
    }
    const more = o < entries.length && (entries[o]?.seq ?? Infinity) <= state.to;
    if (more) return this.envelope(req, parsed.query, value, { next: { ...state, o, m } });
    return this.envelope(req, parsed.query, value, { deltaLink: { ...state, k: 'd', f: state.to, o: 0, m: 0 } });
  }
}
