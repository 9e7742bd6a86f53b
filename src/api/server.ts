/**
 * The HTTP side: /graphql (Apollo Server 5 on Express 5), /healthz (process up) and /readyz (Neo4j
 * reachable and migrations applied). Auth runs in the context function, so an unauthenticated request
 * gets UNAUTHENTICATED and no data.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { RequestContext, Services } from './context.js';
import { authenticate } from './auth.js';
import { createLoaders } from './loaders.js';
import { armorProtection, DEFAULT_LIMITS, operationGuard, type QueryLimits } from './limits.js';
import { twinSchema } from './schema.js';
import { QueryCounter, withQueryCounter } from '../neo4j/driver.js';
import { TwinError } from '../errors.js';

export interface ApiServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

const LIMIT_REJECTION = /(depth|aliases|directives) limit|more tha[nt] \d+ tokens/i;

/** Maps every error to a stable code; internal details stay in the log. */
function formatError(log: Services['log']) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError ?? error : error;
    if (original instanceof TwinError) {
      return {
        ...formatted,
        message: original.message,
        extensions: { code: original.code, ...(original.providerCode ? { providerCode: original.providerCode } : {}), ...(original.details ?? {}) },
      };
    }
    const code = formatted.extensions?.code;
    if ((code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') && LIMIT_REJECTION.test(formatted.message)) {
      return { ...formatted, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      if (original instanceof GraphQLError && original.extensions.code) return formatted;
      log.error({ err: original }, 'unexpected error in a GraphQL request');
      return { message: 'internal error; the server log has the details', path: formatted.path, extensions: { code: 'INTERNAL' } };
    }
    return formatted;
  };
}

/** One structured log line per GraphQL request: what ran, how long, how many Cypher statements, which error codes. */
function accessLog(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          contextValue.log.info(
            {
              operation: operationName ?? null,
              ms: Math.round(performance.now() - started),
              statements: contextValue.queries.count,
              ...(errors?.length ? { errorCodes: errors.map((e) => e.extensions?.code ?? 'INTERNAL') } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

export async function startApiServer(services: Services, opts: { ready: () => Promise<boolean>; limits?: Partial<QueryLimits> }): Promise<ApiServer> {
  const { config, log } = services;
  const limits: QueryLimits = { ...DEFAULT_LIMITS, maxPageSize: config.maxPageSize, ...opts.limits };
  const schema = await twinSchema();
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const armor = armorProtection(limits);

  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...armor,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<RequestContext>[]),
      operationGuard(schema, limits),
      accessLog(),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: formatError(log),
    introspection: true,
    // main.ts owns shutdown (drain, stop syncs, close the driver) in that order.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await opts.ready().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', neo4j: ready ? 'ok' : 'unreachable or not migrated' });
  });

  app.use(
    '/graphql',
    express.json({ limit: '256kb' }),
    (req, res, next) => {
      const requestId = (req.header('x-request-id') ?? '').slice(0, 64) || randomUUID();
      res.setHeader('x-request-id', requestId);
      res.locals.requestId = requestId;
      const counter = new QueryCounter();
      res.locals.queries = counter;
      // Tells clients (and the round-trip test and the benchmark) how many Cypher statements the request
      // cost, whichever way it ends (including refusals before execution).
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
      res.writeHead = ((...args: unknown[]) => {
        if (!res.headersSent) res.setHeader('x-cypher-statements', String(counter.count));
        return writeHead(...args);
      }) as typeof res.writeHead;
      // Every Cypher statement run while serving this request is counted against it.
      withQueryCounter(counter, () => next());
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RequestContext> => {
        const requestId = String(res.locals.requestId);
        const role = authenticate(req.header('authorization'), config.apiKeys);
        const reqLog = log.child({ requestId, role });
        return { services, role, requestId, log: reqLog, loaders: createLoaders(services.graph), queries: res.locals.queries as QueryCounter };
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/graphql`;
  return {
    server,
    url,
    async close() {
      await apollo.stop();
    },
  };
}
