/**
 * The explorer: people, accounts and security events as root fields (one Cypher statement each), and
 * the relationships analysts walk as field resolvers backed by per-request loaders.
 */
import { Kind, getArgumentValues, isObjectType, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { MAX_SEARCH_LENGTH, pageSize, searchText } from '../arguments.js';
import { accountByExternalId, peoplePage, securityEventsPage } from '../../twin/explorer.js';
import { IdentitySourceEnum, SeverityEnum } from '../types/enums.js';
import { SEVERITIES, severityRank, type Severity, type Source } from '../../model/vocabulary.js';
import type { Page } from '../../twin/views.js';
import { Account, Person, PersonConnection, SecurityEventConnection } from '../types/identity.types.js';

/**
 * The selections of `path` below the field being resolved (through fragments too; `@skip`/`@include` are not
 * evaluated, so at worst a read fetches what goes unused).
 */
function selectionsOf(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  const within = (set: SelectionSetNode | undefined, rest: readonly string[]): FieldNode[] => {
    const [head, ...tail] = rest;
    if (!set || head === undefined) return [];
    return set.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return s.name.value !== head ? [] : tail.length === 0 ? [s] : within(s.selectionSet, tail);
      if (s.kind === Kind.INLINE_FRAGMENT) return within(s.selectionSet, rest);
      return within(info.fragments[s.name.value]?.selectionSet, rest);
    });
  };
  return info.fieldNodes.flatMap((n) => within(n.selectionSet, path));
}

/**
 * The page of Person.accounts a people query walks, when every selection of it asks for the same page (then the
 * page of people brings it along); null when it walks none or several.
 */
function accountsPageSelected(info: GraphQLResolveInfo, maxPageSize: number): Page | null {
  const person = info.schema.getType('Person');
  const accounts = isObjectType(person) ? person.getFields().accounts : undefined;
  if (!accounts) return null;
  const pages = new Map<string, Page>();
  for (const node of selectionsOf(info, ['edges', 'node', 'accounts'])) {
    const { first, offset } = getArgumentValues(accounts, node, info.variableValues);
    if (typeof first !== 'number' || typeof offset !== 'number') return null;
    pages.set(`${first}:${offset}`, { first: pageSize(first, maxPageSize), offset });
  }
  return pages.size === 1 ? [...pages.values()][0] ?? null : null;
}

@Resolver()
export class ExplorerResolver {
  @Query(() => PersonConnection, {
    description: `People (resolved identities), ordered by displayName then id. search matches names, emails, UPNs and logins, case-insensitively; at most ${MAX_SEARCH_LENGTH} characters.`,
  })
  async people(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, nullable: false }) first: number,
    @Info() info: GraphQLResolveInfo,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<PersonConnection> {
    // People's accounts come with the page when the query walks them (one round trip less for the explorer).
    const accounts = accountsPageSelected(info, ctx.services.config.maxPageSize);
    const page = await peoplePage(ctx.services.graph, {
      search: searchText(search),
      first: pageSize(first, ctx.services.config.maxPageSize),
      after: decodeCursor(after, 2),
      accounts,
    });
    if (accounts) for (const p of page.items) if (p.accounts) ctx.loaders.accountsOfPerson(accounts).prime(p.person.id, p.accounts);
    const edges = page.items.map(({ person, sortName }) => ({ cursor: encodeCursor([sortName, person.id]), node: person }));
    return { edges, totalCount: page.total, pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => Person, { nullable: true })
  async person(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Person | null> {
    return ctx.loaders.person.load(id);
  }

  @Query(() => Account, { nullable: true, description: "An account by the identity provider's own object id." })
  async account(
    @Arg('source', () => IdentitySourceEnum) source: Source,
    @Arg('externalId', () => String) externalId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Account | null> {
    const a = await accountByExternalId(ctx.services.graph, source, externalId);
    if (a) ctx.loaders.account.prime(a.id, a);
    return a;
  }

  @Query(() => SecurityEventConnection, { description: 'Security events, newest first.' })
  async securityEvents(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, nullable: false }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('minSeverity', () => SeverityEnum, { defaultValue: SeverityEnum.LOW, nullable: false }) minSeverity: Severity = SeverityEnum.LOW,
  ): Promise<SecurityEventConnection> {
    const severities = SEVERITIES.filter((s) => severityRank(s) >= severityRank(minSeverity));
    const page = await securityEventsPage(ctx.services.graph, { severities, first: pageSize(first, ctx.services.config.maxPageSize), after: decodeCursor(after, 2) });
    const edges = page.items.map((e) => ({ cursor: encodeCursor([e.occurredAt, e.id]), node: e }));
    return { edges, totalCount: page.total, pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
