/**
 * Edges of the explorer graph, each through a per-request loader (constant round trips per request).
 * Parents are the twin's views; each edge answers views too, which the GraphQL classes accept.
 *
 * Every edge that can be long is paged (`first`, `offset`): its Cypher cuts each parent's list to the page,
 * and the cost estimate counts `first` items. The default pages are small enough that a page of 100 people
 * with all their edges (the explorer's widest query) stays under the cost limit; more is one `first` away.
 */
import { Args, ArgsType, Ctx, Extensions, Field, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { pageSize } from '../arguments.js';
import { maxItems } from '../list-bounds.js';
import type { AccountView, GroupView, Page, PersonView, RoleGrantView, RoleView, SecurityEventView } from '../../twin/views.js';
import { MAX_NESTING } from '../../twin/explorer.js';
import { Account, Application, Group, Person, Role, RoleGrant, SecurityEvent } from '../types/identity.types.js';

/** The default `first` of each paged edge: its schema default and description both read it. */
export const EDGE_PAGE = {
  personAccounts: 5,
  accountGroups: 50,
  accountRoles: 10,
  accountApplications: 50,
  accountSecurityEvents: 20,
  groupMembers: 100,
  groupMemberGroups: 100,
  roleHolders: 100,
} as const;

/** An edge's page arguments: `first` (this default, at most TWIN_MAX_PAGE_SIZE) items after skipping `offset`. */
function edgePage(defaultFirst: number) {
  @ArgsType()
  class EdgePageArgs {
    @Field(() => Int, { defaultValue: defaultFirst }) first!: number;
    @Field(() => Int, { defaultValue: 0 }) offset!: number;
  }
  return EdgePageArgs;
}

/** What the schema says of a paged edge: what it lists, its page and its order. */
function paged(what: string, defaultFirst: number, order: string): string {
  return `${what} Paged list: at most first (default ${defaultFirst}, up to TWIN_MAX_PAGE_SIZE) after skipping offset, ${order}.`;
}

/** The checked page (BAD_USER_INPUT beyond TWIN_MAX_PAGE_SIZE or below 0; the cost limits refuse it first). */
function page(ctx: RequestContext, args: { first: number; offset: number }): Page {
  return { first: pageSize(args.first, ctx.services.config.maxPageSize), offset: args.offset };
}

@ArgsType()
class PersonAccountsArgs extends edgePage(EDGE_PAGE.personAccounts) {}

@ArgsType()
class AccountGroupsArgs extends edgePage(EDGE_PAGE.accountGroups) {
  @Field(() => Boolean, { defaultValue: false }) transitive!: boolean;
}

@ArgsType()
class AccountRolesArgs extends edgePage(EDGE_PAGE.accountRoles) {}

@ArgsType()
class AccountApplicationsArgs extends edgePage(EDGE_PAGE.accountApplications) {}

@ArgsType()
class AccountEventsArgs extends edgePage(EDGE_PAGE.accountSecurityEvents) {}

@ArgsType()
class GroupMembersArgs extends edgePage(EDGE_PAGE.groupMembers) {}

@ArgsType()
class GroupMemberGroupsArgs extends edgePage(EDGE_PAGE.groupMemberGroups) {}

@ArgsType()
class RoleHoldersArgs extends edgePage(EDGE_PAGE.roleHolders) {}

@Resolver(() => Person)
export class PersonRelations {
  @FieldResolver(() => [Account], { description: paged("The person's accounts.", EDGE_PAGE.personAccounts, 'by source, login, then id') })
  async accounts(@Root() p: PersonView, @Ctx() ctx: RequestContext, @Args(() => PersonAccountsArgs) args: PersonAccountsArgs): Promise<Account[]> {
    return ctx.loaders.accountsOfPerson(page(ctx, args)).load(p.id);
  }
}

@Resolver(() => Account)
export class AccountRelations {
  @FieldResolver(() => Person, { nullable: true })
  async person(@Root() a: AccountView, @Ctx() ctx: RequestContext): Promise<Person | null> {
    return ctx.loaders.personOfAccount.load(a.id);
  }

  @FieldResolver(() => [Group], {
    description: paged(
      `Groups the account is a member of; transitive: true adds the groups those groups are in, up to ${MAX_NESTING} levels up.`,
      EDGE_PAGE.accountGroups,
      'by displayName then id',
    ),
  })
  async groups(@Root() a: AccountView, @Ctx() ctx: RequestContext, @Args(() => AccountGroupsArgs) args: AccountGroupsArgs): Promise<Group[]> {
    return args.transitive ? ctx.loaders.reachOfAccount.groups(page(ctx, args), a.id) : ctx.loaders.directGroups(page(ctx, args)).load(a.id);
  }

  @FieldResolver(() => [RoleGrant], {
    description: paged(
      'Roles the account holds or is eligible for, and how: directly or through which group chain. One grant per role and assignment kind.',
      EDGE_PAGE.accountRoles,
      'by role name, role id, then assignment',
    ),
  })
  async roles(@Root() a: AccountView, @Ctx() ctx: RequestContext, @Args(() => AccountRolesArgs) args: AccountRolesArgs): Promise<RoleGrant[]> {
    return ctx.loaders.reachOfAccount.roles(page(ctx, args), a.id);
  }

  @FieldResolver(() => [Application], {
    description: paged('Applications the account is assigned to, directly or through a group (Okta).', EDGE_PAGE.accountApplications, 'by displayName then id'),
  })
  async applications(@Root() a: AccountView, @Ctx() ctx: RequestContext, @Args(() => AccountApplicationsArgs) args: AccountApplicationsArgs): Promise<Application[]> {
    return ctx.loaders.reachOfAccount.applications(page(ctx, args), a.id);
  }

  @FieldResolver(() => [SecurityEvent], {
    description: paged('Security events involving the account.', EDGE_PAGE.accountSecurityEvents, 'newest first'),
  })
  async securityEvents(@Root() a: AccountView, @Ctx() ctx: RequestContext, @Args(() => AccountEventsArgs) args: AccountEventsArgs): Promise<SecurityEvent[]> {
    return ctx.loaders.eventsOfAccount(page(ctx, args)).load(a.id);
  }
}

@Resolver(() => Group)
export class GroupRelations {
  @FieldResolver(() => [Account], {
    description: paged('Direct member accounts (memberCount says how many the provider lists).', EDGE_PAGE.groupMembers, 'by displayName then id'),
  })
  async members(@Root() g: GroupView, @Ctx() ctx: RequestContext, @Args(() => GroupMembersArgs) args: GroupMembersArgs): Promise<Account[]> {
    return ctx.loaders.groupMembers(page(ctx, args)).load(g.id);
  }

  @FieldResolver(() => [Group], { description: paged('Direct member groups (nested groups).', EDGE_PAGE.groupMemberGroups, 'by displayName then id') })
  async memberGroups(@Root() g: GroupView, @Ctx() ctx: RequestContext, @Args(() => GroupMemberGroupsArgs) args: GroupMemberGroupsArgs): Promise<Group[]> {
    return ctx.loaders.groupMemberGroups(page(ctx, args)).load(g.id);
  }
}

@Resolver(() => Role)
export class RoleRelations {
  @FieldResolver(() => [RoleGrant], {
    description: paged('Every account holding the role, actively or eligible, and how; one grant per account and assignment kind.', EDGE_PAGE.roleHolders, "by the account's displayName, its id, then assignment"),
  })
  async holders(@Root() r: RoleView, @Ctx() ctx: RequestContext, @Args(() => RoleHoldersArgs) args: RoleHoldersArgs): Promise<RoleGrant[]> {
    return ctx.loaders.roleHolders(page(ctx, args)).load(r.id);
  }
}

@Resolver(() => RoleGrant)
export class RoleGrantRelations {
  @FieldResolver(() => Role)
  async role(@Root() g: RoleGrantView, @Ctx() ctx: RequestContext): Promise<Role | null> {
    return ctx.loaders.role.load(g.roleId);
  }

  @FieldResolver(() => Account)
  async account(@Root() g: RoleGrantView, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return ctx.loaders.account.load(g.accountId);
  }

  @FieldResolver(() => [Group], {
    description: `Empty when assigned to the account itself; otherwise the shortest group chain, from the group the account is in to the group holding the role: at most ${MAX_NESTING} groups (the deepest nesting walked).`,
  })
  @Extensions(maxItems(MAX_NESTING))
  async via(@Root() g: RoleGrantView, @Ctx() ctx: RequestContext): Promise<Group[]> {
    const groups = await ctx.loaders.group.loadMany(g.viaGroupIds);
    return groups.filter((x): x is GroupView => x !== null && !(x instanceof Error));
  }
}

@Resolver(() => SecurityEvent)
export class SecurityEventRelations {
  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() e: SecurityEventView, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return e.accountId ? ctx.loaders.account.load(e.accountId) : null;
  }
}
