/**
 * The HTTP side: /graphql (Apollo Server 5 on Express 5), /healthz (process up) and /readyz (Neo4j
 * reachable and migrations applied). Auth runs in the context function, so an unauthenticated request
 * gets UNAUTHENTICATED and no data.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { RequestContext, Services } from './context.js';
import { authenticate, Unauthenticated } from './auth.js';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { isLoopback } from '../config.js';
import { createLoaders } from './loaders.js';
import { armorProtection, DEFAULT_LIMITS, operationGuard, type QueryLimits } from './limits.js';
import { twinSchema } from './schema.js';
import { auditTrail } from './audit.js';
import { RequestBudget } from './rate-limit.js';
import { QueryCounter, withQueryCounter } from '../neo4j/driver.js';
import { TwinError } from '../errors.js';

/** The admin console's static build (console/dist, `npm run build:console`); the same path from src/api and dist/api. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/dist/', import.meta.url));

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

/** The host name of a Host header without its port ([::1]:4000 → ::1); null when absent or malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/.exec(header.trim());
  return m ? (m[1] ?? m[2] ?? null)?.toLowerCase() ?? null : null;
}

function httpStatusOf(err: unknown): number {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 600) return err.status;
  return 500;
}

export async function startApiServer(services: Services, opts: { ready: () => Promise<boolean>; limits?: Partial<QueryLimits> }): Promise<ApiServer> {
  const { config, log } = services;
  const limits: QueryLimits = { ...DEFAULT_LIMITS, maxPageSize: config.maxPageSize, ...opts.limits };
  const schema = await twinSchema();
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const armor = armorProtection(limits);
  const budget = new RequestBudget(config.rateLimitPerMinute);

  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...armor,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<RequestContext>[]),
      operationGuard(schema, limits),
      auditTrail(),
      accessLog(),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // No field carries a cache hint, so the default cache-control plugin only wrapped every field resolver
      // (about 15% of a nested explorer request's CPU, half its garbage) to compute a policy never cacheable.
      ApolloServerPluginCacheControlDisabled(),
      // The landing page would be served without a key (a browser navigation sends none): only in open
      // loopback mode, for a developer.
      ...(config.apiKeys !== undefined || !config.introspection ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: formatError(log),
    // Every request needs a key (the context function), so introspection is for key holders only;
    // TWIN_INTROSPECTION=false turns it off for them too.
    introspection: config.introspection,
    // Never stack traces or file paths in a response, whatever NODE_ENV says.
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown (drain, stop syncs, close the driver) in that order.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  if (config.apiKeys === undefined) {
    // Open access (no keys) is for loopback only. A web page the operator visits could rebind its own name
    // to 127.0.0.1 (DNS rebinding) and reach this port: refuse any Host that is not a loopback name.
    app.use((req, res, next) => {
      const host = hostName(req.headers.host);
      if (host !== null && isLoopback(host)) return next();
      log.warn({ host: req.headers.host ?? null, path: req.path }, 'refused: open access answers only loopback Host headers (DNS rebinding protection); set TWIN_API_KEYS to serve other names');
      res.status(403).json({ errors: [{ message: 'open access answers only requests addressed to localhost, 127.0.0.1 or [::1]', extensions: { code: 'FORBIDDEN' } }] });
    });
  }

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
        let principal;
        try {
          principal = authenticate(req.header('authorization'), config.apiKeys);
        } catch (err) {
          if (err instanceof Unauthenticated) {
            log.warn({ requestId, ip: req.ip, keyPresented: err.presented }, 'refused: no valid API key');
            await budget.spendUnauthenticated(req.ip ?? 'unknown');
          }
          throw err;
        }
        try {
          await budget.spend(principal.keyName);
        } catch (err) {
          log.warn({ requestId, key: principal.keyName }, 'refused: the key\'s request budget is spent');
          throw err;
        }
        const reqLog = log.child({ requestId, role: principal.role, key: principal.keyName });
        return {
          services,
          role: principal.role,
          keyName: principal.keyName,
          requestId,
          log: reqLog,
          loaders: createLoaders(services.graph),
          queries: res.locals.queries as QueryCounter,
        };
      },
    }),
  );

  // The admin console: static files at /, and index.html for any other GET that is not an API route (the
  // console's own paths, e.g. /people/123). Same origin as /graphql; nothing loaded from elsewhere (CSP).
  if (existsSync(path.join(CONSOLE_DIR, 'index.html'))) {
    const csp = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    app.use(express.static(CONSOLE_DIR, { index: false, maxAge: '1h', setHeaders: (res) => res.setHeader('content-security-policy', csp) }));
    app.get(/^\/(?!graphql|healthz|readyz)[^.]*$/, (_req, res) => {
      res.setHeader('content-security-policy', csp);
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(CONSOLE_DIR, 'index.html'));
    });
  }

  // A body that is not JSON, too large, or of another kind gets a JSON error with a stable code, never an
  // HTML page with a stack trace (Express's default handler, outside production).
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = httpStatusOf(err);
    if (status >= 500) log.error({ err }, 'unexpected error outside GraphQL');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
    const message = status === 413 ? 'the request body is larger than 256 kB' : status >= 500 ? 'internal error; the server log has the details' : 'the request body is not valid JSON';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

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
