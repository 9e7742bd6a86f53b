/**
 * The explorer: people, accounts and security events as root fields (one Cypher statement each), and
 * the relationships analysts walk as field resolvers backed by per-request loaders.
 */
import neo4j from 'neo4j-driver';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { badInput } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { eventProjection } from '../loaders.js';
import { ACCOUNT_PROJECTION, PERSON_PROJECTION, type AccountView, type PersonView, type SecurityEventView } from '../../twin/views.js';
import { IdentitySourceEnum, SeverityEnum } from '../types/enums.js';
import { SEVERITIES, severityRank, type Severity, type Source } from '../../model/vocabulary.js';
import { Account, Person, PersonConnection, SecurityEventConnection } from '../types/identity.types.js';

export function pageSize(first: number, ctx: RequestContext): number {
  const max = ctx.services.config.maxPageSize;
  if (first < 0 || first > max) throw badInput(`first must be from 0 to ${max}`, 'first');
  return first;
}

@Resolver()
export class ExplorerResolver {
  @Query(() => PersonConnection, { description: 'People (resolved identities), ordered by displayName then id. search matches names, emails, UPNs and logins, case-insensitively.' })
  async people(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, nullable: false }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<PersonConnection> {
    const limit = pageSize(first, ctx);
    const cursor = decodeCursor(after, 2);
    const needle = search?.trim().toLowerCase() || null;
    const rows = await ctx.services.graph.read<{ total: number; page: Array<{ person: PersonView; sortName: string }> }>(
      `CALL {
         MATCH (p:Person) WHERE $needle IS NULL OR p.searchText CONTAINS $needle
         RETURN count(p) AS total
       }
       CALL {
         MATCH (p:Person)
         WHERE ($needle IS NULL OR p.searchText CONTAINS $needle)
           AND ($afterName IS NULL OR p.sortName > $afterName OR (p.sortName = $afterName AND p.id > $afterId))
         WITH p ORDER BY p.sortName, p.id LIMIT $limit
         RETURN collect({ person: ${PERSON_PROJECTION}, sortName: coalesce(p.sortName, '') }) AS page
       }
       RETURN total, page`,
      { needle, afterName: cursor?.[0] ?? null, afterId: cursor?.[1] ?? null, limit: neo4j.int(limit + 1) },
    );
    const { total = 0, page = [] } = rows[0] ?? {};
    const nodes = page.slice(0, limit);
    const edges = nodes.map(({ person, sortName }) => ({ cursor: encodeCursor([sortName, person.id]), node: person as Person }));
    return {
      edges,
      totalCount: total,
      pageInfo: { hasNextPage: page.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Query(() => Person, { nullable: true })
  async person(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Person | null> {
    return (await ctx.loaders.person.load(id)) as Person | null;
  }

  @Query(() => Account, { nullable: true, description: "An account by the identity provider's own object id." })
  async account(
    @Arg('source', () => IdentitySourceEnum) source: Source,
    @Arg('externalId', () => String) externalId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Account | null> {
    const rows = await ctx.services.graph.read<{ a: AccountView }>(
      `MATCH (a:Account {source: $source, externalId: $externalId}) RETURN ${ACCOUNT_PROJECTION} AS a LIMIT 1`,
      { source, externalId },
    );
    const a = rows[0]?.a ?? null;
    if (a) ctx.loaders.account.prime(a.id, a);
    return a as Account | null;
  }

  @Query(() => SecurityEventConnection, { description: 'Security events, newest first.' })
  async securityEvents(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, nullable: false }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('minSeverity', () => SeverityEnum, { defaultValue: SeverityEnum.LOW, nullable: false }) minSeverity: Severity = SeverityEnum.LOW,
  ): Promise<SecurityEventConnection> {
    const limit = pageSize(first, ctx);
    const cursor = decodeCursor(after, 2);
    const severities = SEVERITIES.filter((s) => severityRank(s) >= severityRank(minSeverity));
    const rows = await ctx.services.graph.read<{ total: number; page: SecurityEventView[] }>(
      `CALL {
         MATCH (e:SecurityEvent) WHERE e.severity IN $severities RETURN count(e) AS total
       }
       CALL {
         MATCH (e:SecurityEvent)
         WHERE e.severity IN $severities
           AND ($afterAt IS NULL OR e.occurredAt < $afterAt OR (e.occurredAt = $afterAt AND e.key > $afterKey))
         WITH e ORDER BY e.occurredAt DESC, e.key LIMIT $limit
         OPTIONAL MATCH (e)-[:INVOLVES]->(a:Account)
         WITH e, head(collect(a.key)) AS accountKey ORDER BY e.occurredAt DESC, e.key
         RETURN collect(${eventProjection('accountKey')}) AS page
       }
       RETURN total, page`,
      { severities, afterAt: cursor?.[0] ?? null, afterKey: cursor?.[1] ?? null, limit: neo4j.int(limit + 1) },
    );
    const { total = 0, page = [] } = rows[0] ?? {};
    const nodes = page.slice(0, limit);
    const edges = nodes.map((e) => ({ cursor: encodeCursor([e.occurredAt, e.id]), node: e as never }));
    return { edges, totalCount: total, pageInfo: { hasNextPage: page.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
