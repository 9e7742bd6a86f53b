/**
 * Pages of the materialised posture lists, kept in memory until the posture facts are refreshed again.
 *
 * A page of findings (posture-facts.ts) and what it shows of its people, accounts and apps only changes when a
 * sync or an analyst's link refreshes the facts, and every refresh rewrites the summary with a new random
 * `revision`: that is the version a page is kept under (none before the first refresh: nothing is kept). A request reads the summary anyway (identityPosture),
 * so a page asked again under the same version costs no statement; dashboards that poll the posture between
 * syncs are served from here. Each replica keeps its own pages; all of them check the one summary in Neo4j.
 * Stale accounts are not kept: they move with the clock.
 */
import type { Graph } from '../neo4j/driver.js';

/** Pages kept per list and graph (each at most the page cap long): a bound on memory, oldest first out. */
const MAX_PAGES = 200;

interface Kept<T> {
  version: string;
  pages: Map<string, Promise<T>>;
}

export class PostureListCache<T> {
  private readonly byGraph = new WeakMap<Graph, Kept<T>>();

  /** The page `key` of `version`, read once (concurrent requests share the read; a failed read is not kept). */
  page(graph: Graph, version: string | null, key: string, read: () => Promise<T>): Promise<T> {
    if (version === null) return read();
    let kept = this.byGraph.get(graph);
    if (!kept || kept.version !== version) {
      kept = { version, pages: new Map() };
      this.byGraph.set(graph, kept);
    }
    const pages = kept.pages;
    const hit = pages.get(key);
    if (hit) {
      // Most recently used last: eviction takes the first.
      pages.delete(key);
      pages.set(key, hit);
      return hit;
    }
    const reading = read();
    pages.set(key, reading);
    reading.catch(() => pages.delete(key));
    while (pages.size > MAX_PAGES) {
      const oldest = pages.keys().next();
      if (oldest.done) break;
      pages.delete(oldest.value);
    }
    return reading;
  }
}
