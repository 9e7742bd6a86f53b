/**
 * OData system query options as Graph validates them for one route: `$select`, `$filter`,
 * `$top`, `$count`, `$search`, `$expand`, `$skiptoken`, and the 400s for `$skip`, unknown
 * properties, oversize pages and advanced queries without `ConsistencyLevel: eventual`.
 */
import { entityTypes, directoryObjectKinds, type EntityKind } from './entity-types.js';
import { graphErrors } from './graph-error.js';
import { evaluateFilter, filterNeedsAdvancedQuery, filterRoots, parseFilter, type FilterExpr } from './odata-filter.js';

/** What a route declares about its query options. */
export interface QueryRules {
  /** The entity type whose properties `$select`/`$filter` may name; directoryObject = union of user/group/SP. */
  entity: EntityKind | 'directoryObject';
  /** Directory objects: `$search`, `ne`/`not`/`endswith` need ConsistencyLevel eventual + `$count=true`. */
  directory: boolean;
  isCollection: boolean;
  defaultTop: number;
  maxTop: number;
  /** Above maxTop: 400 (directory collections) or clamp. */
  overMax: 'reject' | 'clamp';
  expandable: readonly string[];
}

export interface SearchClause {
  property: string;
  value: string;
}

export interface ParsedQuery {
  /** Canonical property names, in request order. */
  select?: string[];
  expand: string[];
  requestedTop?: number;
  /** Effective page size (after route-specific clamping). */
  pageSize: number;
  filter?: FilterExpr;
  search?: { clauses: SearchClause[]; op: 'AND' | 'OR' };
  /** `$count=true` honoured: only with ConsistencyLevel eventual. */
  count: boolean;
  skiptoken?: string;
  /** The original parameters without `$skiptoken`, for nextLinks. */
  params: Array<[string, string]>;
  eventual: boolean;
}

function propertyLookup(entity: EntityKind | 'directoryObject'): { find(name: string): string | undefined; odataType: string } {
  if (entity !== 'directoryObject') {
    const type = entityTypes[entity];
    return { find: (n) => type.properties.get(n.toLowerCase()), odataType: type.odataType };
  }
  return {
    find: (n) => {
      for (const kind of directoryObjectKinds) {
        const found = entityTypes[kind].properties.get(n.toLowerCase());
        if (found) return found;
      }
      return undefined;
    },
    odataType: 'directoryObject',
  };
}

function parseSearch(raw: string): { clauses: SearchClause[]; op: 'AND' | 'OR' } {
  const clauses: SearchClause[] = [];
  const re = /"([^":]+):([^"]*)"/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) clauses.push({ property: m[1] ?? '', value: m[2] ?? '' });
  if (clauses.length === 0) throw graphErrors.unsupportedQuery("Syntax error: invalid $search, expected '\"property:value\"'.");
  return { clauses, op: /\bAND\b/.test(raw) ? 'AND' : 'OR' };
}

export function matchesSearch(search: NonNullable<ParsedQuery['search']>, obj: Record<string, unknown>): boolean {
  const test = (c: SearchClause): boolean => {
    const value = obj[c.property];
    // Graph tokenises on word boundaries; a prefix match on any word is close enough here.
    return typeof value === 'string' && value.toLowerCase().split(/[\s.@_-]+/).some((w) => w.startsWith(c.value.toLowerCase()));
  };
  return search.op === 'AND' ? search.clauses.every(test) : search.clauses.some(test);
}

export function parseQuery(url: URLSearchParams, headers: Readonly<Record<string, string | undefined>>, rules: QueryRules): ParsedQuery {
  const eventual = (headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  const params: Array<[string, string]> = [];
  const options = new Map<string, string>();
  let skiptoken: string | undefined;
  for (const [key, value] of url) {
    const lower = key.toLowerCase();
    if (lower === '$skiptoken') {
      skiptoken = value;
      continue;
    }
    params.push([key, value]);
    // Graph accepts system query options without the $ prefix too.
    const normalised = lower.startsWith('$') ? lower : `$${lower}`;
    options.set(normalised, value);
  }

  if (options.has('$skip')) throw graphErrors.skipNotSupported();
  if (options.has('$orderby')) {
    throw graphErrors.unsupportedQuery('The simulator does not implement $orderby; page in the natural order instead.');
  }
  const lookup = propertyLookup(rules.entity);
  const collectionUnsupported = rules.entity === 'directoryObject' ? undefined : entityTypes[rules.entity].collectionUnsupported;

  const query: ParsedQuery = { expand: [], pageSize: rules.defaultTop, count: false, params, eventual };
  if (skiptoken !== undefined) query.skiptoken = skiptoken;

  const select = options.get('$select');
  if (select !== undefined) {
    query.select = [];
    for (const raw of select.split(',')) {
      const name = raw.trim();
      if (name === '') continue;
      const canonical = lookup.find(name);
      if (!canonical) throw graphErrors.unknownProperty(name, lookup.odataType);
      if (rules.isCollection && collectionUnsupported?.has(canonical)) throw graphErrors.notImplemented();
      if (!query.select.includes(canonical)) query.select.push(canonical);
    }
  }

  const expand = options.get('$expand');
  if (expand !== undefined) {
    for (const raw of expand.split(',')) {
      // Nested options such as principal($select=id) are accepted and ignored.
      const name = raw.trim().replace(/\(.*\)$/, '');
      if (name === '') continue;
      const known = rules.expandable.find((e) => e.toLowerCase() === name.toLowerCase());
      if (!known) throw graphErrors.unknownProperty(name, lookup.odataType);
      query.expand.push(known);
    }
  }

  const count = options.get('$count');
  const countRequested = count?.toLowerCase() === 'true';
  query.count = countRequested && eventual;

  const filter = options.get('$filter');
  if (filter !== undefined && filter.trim() !== '') {
    const expr = parseFilter(filter);
    for (const root of filterRoots(expr)) {
      if (!lookup.find(root)) throw graphErrors.unknownProperty(root, lookup.odataType);
    }
    if (rules.directory && filterNeedsAdvancedQuery(expr) && !(eventual && countRequested)) {
      throw graphErrors.unsupportedQuery(`Unsupported or invalid query filter clause specified for resource '${lookup.odataType}'.`);
    }
    query.filter = expr;
  }

  const search = options.get('$search');
  if (search !== undefined) {
    if (!rules.directory) throw graphErrors.unsupportedQuery('$search is not supported on this resource.');
    if (!eventual) {
      throw graphErrors.unsupportedQuery(
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    }
    query.search = parseSearch(search);
    for (const clause of query.search.clauses) {
      const canonical = lookup.find(clause.property);
      if (!canonical) throw graphErrors.unknownProperty(clause.property, lookup.odataType);
      clause.property = canonical;
    }
  }

  const top = options.get('$top');
  if (top !== undefined) {
    const n = /^\d+$/.test(top.trim()) ? Number(top.trim()) : Number.NaN;
    if (!Number.isInteger(n) || n < 1) throw graphErrors.invalidPageSize(top, rules.maxTop);
    if (n > rules.maxTop && rules.overMax === 'reject') throw graphErrors.invalidPageSize(top, rules.maxTop);
    query.requestedTop = n;
    query.pageSize = Math.min(n, rules.maxTop);
  }
  return query;
}

/** Filter and search together: what a collection item must satisfy to be listed. */
export function matchesQuery(query: ParsedQuery, obj: Record<string, unknown>): boolean {
  if (query.filter && !evaluateFilter(query.filter, obj)) return false;
  if (query.search && !matchesSearch(query.search, obj)) return false;
  return true;
}
