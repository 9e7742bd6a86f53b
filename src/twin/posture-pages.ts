/**
 * Pages of the materialised posture lists (posture-facts.ts): each list item is a (:PostureFinding) whose
 * `sort` is the contract order, so a page is an index-ordered range read on (list, bucket, sort) that stops
 * after offset + first entries, whatever the tenant size.
 */
import neo4j, { type RecordShape } from 'neo4j-driver';
import type { Graph } from '../neo4j/driver.js';
import { badInput } from '../errors.js';
import type { PostureListCache } from './posture-cache.js';
import type { FindingList } from './posture-facts.js';
import type { Page } from './views.js';
import { cmp } from './cypher.js';

/** `offset` is 0 or more (`first` is checked by the API against the page cap). */
export function checkPage(page: Page): Page {
  if (!Number.isInteger(page.first) || page.first < 0) throw badInput('first must be 0 or more', 'first');
  if (!Number.isInteger(page.offset) || page.offset < 0) throw badInput('offset must be 0 or more', 'offset');
  return page;
}

/**
 * The findings of one page of `$list` / `$bucket`, bound to `f`, in order. The predicates on every indexed
 * property and the ORDER BY on all three let the planner read the composite index in order (no sort).
 */
export const FINDINGS_PAGE = findingsPage();

/** FINDINGS_PAGE carrying variables bound before it (`carry`: 'federated, '). */
export function findingsPage(carry = ''): string {
  return `MATCH (f:PostureFinding) WHERE f.list = $list AND f.bucket = $bucket AND f.sort IS NOT NULL
     WITH ${carry}f ORDER BY f.list, f.bucket, f.sort SKIP $offset LIMIT $first`;
}

export function findingsParams(list: FindingList, bucket: string, page: Page): Record<string, unknown> {
  checkPage(page);
  return { list, bucket, offset: neo4j.int(page.offset), first: neo4j.int(page.first) };
}

/**
 * One page of `list` / `bucket`, read by `cypher` (FINDINGS_PAGE or findingsPage(), then what its items show;
 * every row returns the finding's `sort`), in order, and kept under the facts' `version` (posture-cache.ts).
 */
export function keptFindingsPage<Row extends RecordShape & { sort: string }, T>(
  graph: Graph,
  kept: PostureListCache<T[]>,
  version: string | null,
  q: { list: FindingList; bucket: string; page: Page; cypher: string; params?: Record<string, unknown> },
  toItem: (row: Row) => T,
): Promise<T[]> {
  const params = { ...findingsParams(q.list, q.bucket, q.page), ...q.params };
  return kept.page(graph, version, `${q.bucket}:${q.page.first}:${q.page.offset}`, async () => inOrder(await graph.read<Row>(q.cypher, params)).map(toItem));
}

/** Rows of a page carry their `sort`: put them back in order (a later MATCH may not keep the index order). */
export function inOrder<T extends { sort: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => cmp(a.sort, b.sort));
}
