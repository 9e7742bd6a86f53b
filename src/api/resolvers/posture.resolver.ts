/**
 * The merged posture, its history, and the analysts' corrections to identity resolution. identityPosture
 * reads the materialised summary (one statement, plus one for the stale counts); each paged list is a field
 * resolver with `first` and `offset`, one statement per list whatever the page size. The lists nested in
 * other lists (RoleHolders.holders, StaleAccounts.accounts) go through a per-request batch, so every role's
 * page comes from one statement too.
 */
import DataLoader from 'dataloader';
import { Arg, Args, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { pageSize } from '../arguments.js';
import { readPosture } from '../../twin/posture.js';
import { globalAdminsPage, roleHoldersPages } from '../../twin/posture-roles.js';
import { staleAccountsPages } from '../../twin/posture-stale.js';
import { highPrivilegeAppsPage, ssoGapsPage } from '../../twin/posture-apps.js';
import { mfaGapsPage, roleConflictsPage, ssoOverlapPage } from '../../twin/cross-idp.js';
import { MAX_HISTORY, postureHistory } from '../../twin/snapshots.js';
import { maxItems } from '../list-bounds.js';
import { linkAccounts, unlinkAccounts } from '../../twin/resolution.js';
import { checkPage } from '../../twin/posture-pages.js';
import type { AccountView, Page, StaleAccountsView } from '../../twin/views.js';
import {
  ApplicationInventory, CrossIdpPosture, IdentityPosture, MfaGap, MfaGapPageArgs, PageArgs, PostureSnapshot, RoleConflict,
  RoleConflictPageArgs, RoleHolders, SsoOverlap, StaleAccounts,
} from '../types/posture.types.js';
import { Account, Application, Person } from '../types/identity.types.js';

/** A paged list's arguments, checked: `first` up to the page cap, `offset` 0 or more (BAD_USER_INPUT). */
function page(ctx: RequestContext, args: PageArgs): Page {
  return checkPage({ first: pageSize(args.first, ctx.services.config.maxPageSize), offset: args.offset });
}

/** Per-request batches of the nested paged lists, one per page shape (first, offset). */
interface PostureBatches {
  holders: Map<string, DataLoader<string, AccountView[]>>;
  stale: Map<string, DataLoader<StaleAccountsView, AccountView[]>>;
}

const batches = new WeakMap<RequestContext, PostureBatches>();

/** The facts' version identityPosture read in this request: its lists' pages may be kept under it (posture-cache.ts). */
const versions = new WeakMap<RequestContext, string | null>();
const versionOf = (ctx: RequestContext): string | null => versions.get(ctx) ?? null;

function batchesOf(ctx: RequestContext): PostureBatches {
  let b = batches.get(ctx);
  if (!b) {
    b = { holders: new Map(), stale: new Map() };
    batches.set(ctx, b);
  }
  return b;
}

function loaderFor<K, V>(map: Map<string, DataLoader<K, V>>, p: Page, make: () => DataLoader<K, V>): DataLoader<K, V> {
  const key = `${p.first}:${p.offset}`;
  let loader = map.get(key);
  if (!loader) {
    loader = make();
    map.set(key, loader);
  }
  return loader;
}

@Resolver(() => IdentityPosture)
export class PostureResolver {
  @Query(() => IdentityPosture, { description: 'Merged posture of the whole twin. staleAfterDays sets the stale-account threshold.' })
  async identityPosture(
    @Ctx() ctx: RequestContext,
    @Arg('staleAfterDays', () => Int, { defaultValue: 90, nullable: false }) staleAfterDays: number,
  ): Promise<IdentityPosture> {
    const { view, version } = await readPosture(ctx.services.graph, staleAfterDays);
    versions.set(ctx, version);
    return view;
  }

  @FieldResolver(() => [Account], {
    description: 'Accounts holding Entra Global Administrator (template 62e90394-69f5-4237-9190-012177145e10) actively; eligible-only holders are not listed. Paged list, by displayName then id.',
  })
  async globalAdmins(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs): Promise<AccountView[]> {
    return globalAdminsPage(ctx.services.graph, page(ctx, args), versionOf(ctx));
  }

  @Query(() => [PostureSnapshot], {
    description: `Posture recorded after each sync, newest first: MFA ratio, Global Admin count, people only in one IdP. limit: 1 to ${MAX_HISTORY}.`,
  })
  @Extensions(maxItems(MAX_HISTORY))
  async postureHistory(
    @Ctx() ctx: RequestContext,
    @Arg('limit', () => Int, { defaultValue: 30, nullable: false }) limit: number,
  ): Promise<PostureSnapshot[]> {
    return postureHistory(ctx.services.graph, limit);
  }

  @Mutation(() => Person, { description: 'Analyst correction: these accounts are one person. Persists across syncs; the person is then VERIFIED.' })
  async linkAccounts(
    @Ctx() ctx: RequestContext,
    @Arg('accountIds', () => [ID]) accountIds: string[],
  ): Promise<Person> {
    return linkAccounts(ctx.services.graph, accountIds);
  }

  @Mutation(() => Person, { description: 'Analyst correction: this account is a person of its own. Persists across syncs.' })
  async unlinkAccounts(@Ctx() ctx: RequestContext, @Arg('accountId', () => ID) accountId: string): Promise<Person> {
    return unlinkAccounts(ctx.services.graph, accountId);
  }
}

@Resolver(() => RoleHolders)
export class RoleHoldersPosture {
  @FieldResolver(() => [Account], {
    description: 'Active holders, then eligible ones; each by displayName then id. Paged list (count: activeHolders + eligibleHolders).',
  })
  async holders(@Root() role: RoleHolders, @Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs): Promise<AccountView[]> {
    const p = page(ctx, args);
    const graph = ctx.services.graph;
    return loaderFor(batchesOf(ctx).holders, p, () => new DataLoader((ids: readonly string[]) => roleHoldersPages(graph, ids, p))).load(role.roleId);
  }
}

@Resolver(() => StaleAccounts)
export class StaleAccountsPosture {
  @FieldResolver(() => [Account], { description: 'Paged list, by displayName then id.' })
  async accounts(@Root() stale: StaleAccounts, @Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs): Promise<AccountView[]> {
    const p = page(ctx, args);
    const graph = ctx.services.graph;
    return loaderFor(
      batchesOf(ctx).stale,
      p,
      () => new DataLoader((lists: readonly StaleAccountsView[]) => staleAccountsPages(graph, lists, p), { cache: false }),
    ).load(stale);
  }
}

@Resolver(() => ApplicationInventory)
export class ApplicationInventoryPosture {
  @FieldResolver(() => [Application], {
    description: 'Service principals granted a Microsoft Graph application permission whose value contains ReadWrite. Paged list, by displayName then id.',
  })
  async highPrivilegeApps(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs): Promise<Application[]> {
    return highPrivilegeAppsPage(ctx.services.graph, page(ctx, args), versionOf(ctx));
  }
}

@Resolver(() => CrossIdpPosture)
export class CrossIdpPostureResolver {
  @FieldResolver(() => [MfaGap], { description: "Paged list, by the person's displayName, then person id, then kind; kind narrows it to one kind." })
  async mfaGaps(@Ctx() ctx: RequestContext, @Args(() => MfaGapPageArgs) args: MfaGapPageArgs): Promise<MfaGap[]> {
    return mfaGapsPage(ctx.services.graph, args.kind ?? null, page(ctx, args), versionOf(ctx));
  }

  @FieldResolver(() => [RoleConflict], { description: "Paged list, by the person's displayName, then person id, then kind; kind narrows it to one kind." })
  async roleConflicts(@Ctx() ctx: RequestContext, @Args(() => RoleConflictPageArgs) args: RoleConflictPageArgs): Promise<RoleConflict[]> {
    return roleConflictsPage(ctx.services.graph, args.kind ?? null, page(ctx, args), versionOf(ctx));
  }

  @FieldResolver(() => [SsoOverlap], {
    description: 'Apps integrated in both identity providers: the same display name once lower-cased and stripped of everything but letters and digits, or the same sign-on host (Entra loginUrl or replyUrls; Okta sign-on or ACS URL).',
  })
  async ssoOverlap(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs): Promise<SsoOverlap[]> {
    return ssoOverlapPage(ctx.services.graph, page(ctx, args), versionOf(ctx));
  }

  @FieldResolver(() => [Application], {
    description: 'Apps that sign users on with stored passwords instead of federation (Okta BROWSER_PLUGIN, AUTO_LOGIN, SECURE_PASSWORD_STORE, BASIC_AUTH; Entra preferredSingleSignOnMode password).',
  })
  async ssoGaps(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs): Promise<Application[]> {
    return ssoGapsPage(ctx.services.graph, page(ctx, args), versionOf(ctx));
  }
}

/** Every resolver of this file, for the schema (api/schema.ts). */
export const POSTURE_RESOLVERS = [PostureResolver, RoleHoldersPosture, StaleAccountsPosture, ApplicationInventoryPosture, CrossIdpPostureResolver] as const;
