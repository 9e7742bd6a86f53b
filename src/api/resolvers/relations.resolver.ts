/**
 * Edges of the explorer graph, each through a per-request loader (constant round trips per request).
 * Parents are the twin's views; each edge answers views too, which the GraphQL classes accept.
 */
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context.js';
import type { AccountView, GroupView, PersonView, RoleGrantView, RoleView, SecurityEventView } from '../../twin/views.js';
import { Account, Application, Group, Person, Role, RoleGrant, SecurityEvent } from '../types/identity.types.js';

@Resolver(() => Person)
export class PersonRelations {
  @FieldResolver(() => [Account])
  async accounts(@Root() p: PersonView, @Ctx() ctx: RequestContext): Promise<Account[]> {
    return ctx.loaders.accountsOfPerson.load(p.id);
  }
}

@Resolver(() => Account)
export class AccountRelations {
  @FieldResolver(() => Person, { nullable: true })
  async person(@Root() a: AccountView, @Ctx() ctx: RequestContext): Promise<Person | null> {
    return ctx.loaders.personOfAccount.load(a.id);
  }

  @FieldResolver(() => [Group], { description: 'Groups the account is a member of; transitive: true adds the groups those groups are in.' })
  async groups(
    @Root() a: AccountView,
    @Ctx() ctx: RequestContext,
    @Arg('transitive', () => Boolean, { defaultValue: false, nullable: false }) transitive: boolean,
  ): Promise<Group[]> {
    return (transitive ? ctx.loaders.transitiveGroups : ctx.loaders.directGroups).load(a.id);
  }

  @FieldResolver(() => [RoleGrant])
  async roles(@Root() a: AccountView, @Ctx() ctx: RequestContext): Promise<RoleGrant[]> {
    return ctx.loaders.roleGrantsOfAccount.load(a.id);
  }

  @FieldResolver(() => [Application])
  async applications(@Root() a: AccountView, @Ctx() ctx: RequestContext): Promise<Application[]> {
    return ctx.loaders.applicationsOfAccount.load(a.id);
  }

  @FieldResolver(() => [SecurityEvent])
  async securityEvents(@Root() a: AccountView, @Ctx() ctx: RequestContext): Promise<SecurityEvent[]> {
    return ctx.loaders.eventsOfAccount.load(a.id);
  }
}

@Resolver(() => Group)
export class GroupRelations {
  @FieldResolver(() => [Account])
  async members(@Root() g: GroupView, @Ctx() ctx: RequestContext): Promise<Account[]> {
    return ctx.loaders.groupMembers.load(g.id);
  }

  @FieldResolver(() => [Group])
  async memberGroups(@Root() g: GroupView, @Ctx() ctx: RequestContext): Promise<Group[]> {
    return ctx.loaders.groupMemberGroups.load(g.id);
  }
}

@Resolver(() => Role)
export class RoleRelations {
  @FieldResolver(() => [RoleGrant])
  async holders(@Root() r: RoleView, @Ctx() ctx: RequestContext): Promise<RoleGrant[]> {
    return ctx.loaders.roleHolders.load(r.id);
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

  @FieldResolver(() => [Group])
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
