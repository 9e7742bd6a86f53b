/** Who is calling: the console decides from the role which controls to show (the server decides what runs). */
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context.js';

@ObjectType({ description: 'The caller, as the API key says.' })
export class Viewer {
  @Field(() => String, { description: 'admin (everything) or analyst (queries and the analyst corrections linkAccounts, unlinkAccounts).' })
  role!: string;

  @Field(() => String, { description: "The API key's name (TWIN_API_KEYS name:role:key), never the key; open-access without keys." })
  keyName!: string;
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The caller: role and key name.' })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    return { role: ctx.role, keyName: ctx.keyName };
  }
}
