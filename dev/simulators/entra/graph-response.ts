/**
 * Turning a route's resolution into Graph's JSON: `$select` projection (and the default property
 * sets, e.g. users without accountEnabled), `@odata.type` on directoryObject collections, paging
 * by scan position with an O(page) cost, `@odata.count`, and the envelope.
 */
import { entityTypes } from './entity-types.js';
import { matchesQuery, type ParsedQuery } from './graph-query.js';
import type { CollectionResolution, Found, RouteContext, RouteDef } from './graph-routes.js';

function project(found: Found, decorated: Record<string, unknown>, query: ParsedQuery, withType: boolean): Record<string, unknown> {
  const type = entityTypes[found.kind];
  const fields = query.select ?? type.defaultSelect;
  let out: Record<string, unknown>;
  if (!fields) {
    out = decorated;
  } else {
    out = {};
    for (const field of fields) {
      // In mixed collections a property of another type is simply absent.
      if (type.properties.has(field.toLowerCase())) out[field] = decorated[field] ?? (field === 'businessPhones' ? [] : null);
    }
    for (const nav of query.expand) if (nav in decorated) out[nav] = decorated[nav];
  }
  return withType ? { '@odata.type': `#microsoft.graph.${type.odataType}`, ...out } : out;
}

export function render(found: Found, def: RouteDef, ctx: RouteContext): Record<string, unknown> {
  const decorated = def.decorate ? def.decorate(found, ctx) : found.obj;
  return project(found, decorated, ctx.query, def.rules.entity === 'directoryObject');
}

export function contextUrl(base: string, fragment: string, query: ParsedQuery, entity: boolean): string {
  const selected = query.select && query.select.length > 0 ? `(${query.select.join(',')})` : '';
  return `${base}/$metadata#${fragment}${selected}${entity ? '/$entity' : ''}`;
}

export interface Page {
  items: Found[];
  /** Scan position to resume from; undefined on the last page. */
  next?: number;
}

export function readPage(res: CollectionResolution, query: ParsedQuery, from: number): Page {
  const items: Found[] = [];
  let i = Math.max(from, res.start);
  while (i < res.end && items.length < query.pageSize) {
    const found = res.resolve(res.items[i]);
    i++;
    if (found && matchesQuery(query, found.obj)) items.push(found);
  }
  return i < res.end ? { items, next: i } : { items };
}

/** Only computed when asked for (`$count` segment or `$count=true`): a full scan. */
export function countAll(res: CollectionResolution, query: ParsedQuery): number {
  let n = 0;
  for (let i = res.start; i < res.end; i++) {
    const found = res.resolve(res.items[i]);
    if (found && matchesQuery(query, found.obj)) n++;
  }
  return n;
}
