/**
 * Cursor paging the way Okta does it: `after` names the last item of the previous page, pages
 * come back with separate `link` header lines, and an over-large `limit` is quietly capped.
 *
 * Lists are kept sorted by a numeric key (an item's position in the fixture), so a page is a
 * binary search plus a slice whatever the list's size, and a cursor still works when the item it
 * names has been deleted since.
 */
import { validationFailed } from './errors.js';

export interface PagedList<T> {
  /** Ascending. */
  readonly keys: readonly number[];
  item(index: number): T;
}

export function arrayList<T>(keys: readonly number[], items: readonly T[]): PagedList<T> {
  return { keys, item: (index) => items[index] as T };
}

/** First index whose key is greater than `key`. */
export function upperBound(keys: readonly number[], key: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] ?? 0) <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export function slicePage<T>(list: PagedList<T>, afterKey: number | undefined, limit: number): Page<T> {
  const start = afterKey === undefined ? 0 : upperBound(list.keys, afterKey);
  const end = Math.min(start + limit, list.keys.length);
  const items: T[] = [];
  for (let index = start; index < end; index += 1) items.push(list.item(index));
  return { items, hasMore: end < list.keys.length };
}

export interface LimitRule {
  default: number;
  max: number;
  min?: number;
}

export function parseLimit(url: URL, rule: LimitRule): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return rule.default;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw validationFailed('limit', 'must be an integer');
  // Okta treats -1 as "the default" on the endpoints that document it.
  if (value < 0) return rule.default;
  return Math.min(Math.max(value, rule.min ?? 1), rule.max);
}

function encodeQuery(params: URLSearchParams): string {
  const parts: string[] = [];
  for (const [name, value] of params) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return parts.join('&');
}

/** The request's URL with some parameters replaced (or removed, with null), on the org's origin. */
export function pageUrl(orgUrl: string, url: URL, overrides: Record<string, string | null>): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = encodeQuery(params);
  return `${orgUrl}${url.pathname}${query ? `?${query}` : ''}`;
}

/** One string per `link` header line: Okta never joins them. */
export function linkHeader(orgUrl: string, url: URL, next: Record<string, string | null> | undefined): string[] {
  const lines = [`<${pageUrl(orgUrl, url, {})}>; rel="self"`];
  if (next) lines.push(`<${pageUrl(orgUrl, url, next)}>; rel="next"`);
  return lines;
}
