/** The merged posture, its history, and the analysts' corrections to identity resolution. */
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { identityPosture } from '../../twin/posture.js';
import { postureHistory } from '../../twin/snapshots.js';
import { linkAccounts, unlinkAccounts } from '../../twin/resolution.js';
import { IdentityPosture, PostureSnapshot } from '../types/posture.types.js';
import { Person } from '../types/identity.types.js';

@Resolver()
export class PostureResolver {
  @Query(() => IdentityPosture, { description: 'Merged posture of the whole twin. staleAfterDays sets the stale-account threshold.' })
  async identityPosture(
    @Ctx() ctx: RequestContext,
    @Arg('staleAfterDays', () => Int, { defaultValue: 90, nullable: false }) staleAfterDays: number,
  ): Promise<IdentityPosture> {
    return identityPosture(ctx.services.graph, staleAfterDays);
  }

  @Query(() => [PostureSnapshot], { description: 'Posture recorded after each sync, newest first: MFA ratio, Global Admin count, people only in one IdP.' })
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
