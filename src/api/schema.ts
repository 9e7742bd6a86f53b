/** Builds the executable schema from the type-graphql resolvers, and prints it sorted for the committed copy. */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { IntegrationResolver } from './resolvers/integration.resolver.js';
import { ExplorerResolver } from './resolvers/explorer.resolver.js';
import { AuditResolver } from './resolvers/audit.resolver.js';
import { ViewerResolver } from './resolvers/viewer.resolver.js';
import { POSTURE_RESOLVERS } from './resolvers/posture.resolver.js';
import {
  AccountRelations, GroupRelations, PersonRelations, RoleGrantRelations, RoleRelations, SecurityEventRelations,
} from './resolvers/relations.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

/** Built once per process: type-graphql's metadata is global. */
export function twinSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      IntegrationResolver, ExplorerResolver, AuditResolver, ViewerResolver, ...POSTURE_RESOLVERS,
      PersonRelations, AccountRelations, GroupRelations, RoleRelations, RoleGrantRelations, SecurityEventRelations,
    ],
    validate: false,
  });
  return built;
}

export async function printTwinSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await twinSchema())) + '\n';
}
