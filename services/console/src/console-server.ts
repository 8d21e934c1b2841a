import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import fastifyHelmet from '@fastify/helmet';
import { Queue } from 'bullmq';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Db } from 'mongodb';
import { SCHEMA_VERSION, SourceRequestedSchema, Topics, deadLetterTopics } from '@newsflow/contracts';
import {
  articleFilter,
  createReplayLedger,
  summarizeSource,
  matchesEntity,
  pipelineStages,
  readDeadLetters,
  replayDeadLetters,
  type ReplayEvent,
} from '@newsflow/ops';
import { errorCode } from '@newsflow/errors';
import { createPageStore, type KafkaHandle, type Logger, type Redis } from '@newsflow/runtime';
import { registerAccess, type Access } from './access.js';
import { renderPage } from './layout.js';
import type { PipelineMonitor } from './pipeline-monitor.js';
import { articleBody } from './pages/article-page.js';
import {
  ARTICLES_PER_PAGE,
  articleCriteria,
  articlesQuery,
  articlesBody,
  pageOf,
} from './pages/articles-page.js';
import { deadLettersBody, replayResultBody } from './pages/dead-letters-page.js';
import { loginBody, problemBody } from './pages/login-page.js';
import { pipelineBody, pipelineView } from './pages/pipeline-page.js';
import { sourcesBody } from './pages/sources-page.js';

export interface ConsoleServerOptions {
  readonly kafka: KafkaHandle;
  readonly redis: Redis;
  readonly db: Db;
  readonly logger: Logger;
  readonly monitor: PipelineMonitor;
  /** CONSOLE_TOKEN; undefined: read-only. */
  readonly token: string | undefined;
  readonly queuePrefix: string;
  readonly articlesCollection: string;
  readonly sourcesCollection: string;
  /** Dead letters shown per partition. */
  readonly deadLetterLimit: number;
  /** How often the pipeline page refreshes. */
  readonly refreshMs: number;
}

const require = createRequire(import.meta.url);
const publicDir = join(import.meta.dirname, '..', 'public');

/** The files under /static/: the console's own and uPlot's, from node_modules (no build step, no CDN). */
const STATIC_FILES: Readonly<Record<string, { path: string; type: string }>> = {
  'console.css': { path: join(publicDir, 'console.css'), type: 'text/css; charset=utf-8' },
  'pipeline.js': { path: join(publicDir, 'pipeline.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.js': {
    path: require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'uplot.css': { path: require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/**
 * The console's policy: scripts, styles and requests from this origin only, no inline script or style, no
 * frames, forms posting only here.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

/**
 * Bull Board's page (a built React app) sets inline styles and a `<base>`; its scripts are files like ours,
 * so only style and base rules are eased, and only under /queues.
 */
const BULL_BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ');

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A local path to come back to after signing in (never another site). */
function localPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  CONSOLE_READ_ONLY: 403,
  CONSOLE_NOT_SIGNED_IN: 403,
  CONSOLE_CROSS_ORIGIN: 403,
  FST_CSRF_MISSING_SECRET: 403,
  FST_CSRF_INVALID_TOKEN: 403,
  DLQ_REPLAY_BUSY: 409,
  DLQ_LETTER_NOT_FOUND: 404,
  PAGE_NOT_FOUND: 404,
  DEPENDENCY_UNAVAILABLE: 503,
};

/**
 * The console's web server (not listening yet): pages, the JSON the pipeline page refreshes from, the
 * change routes behind sign-in and CSRF, and Bull Board under /queues.
 */
export async function createConsoleServer(options: ConsoleServerOptions): Promise<FastifyInstance> {
  const { kafka, db, monitor } = options;
  // Typed as Fastify's logger, so the app is a plain FastifyInstance for the plugins it is handed to.
  const loggerInstance: FastifyBaseLogger = options.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance,
    // The pipeline page asks every few seconds; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Plain http on loopback: asking browsers to insist on https would lock them out.
    strictTransportSecurity: false,
    // The console's own pages learn where a refused form came from; other sites learn nothing.
    referrerPolicy: { policy: 'same-origin' },
  });
  const access = await registerAccess(app, options.token);
  const ledger = createReplayLedger({ redis: options.redis, prefix: options.queuePrefix });
  const articles = db.collection<Record<string, unknown>>(options.articlesCollection);
  const pages = createPageStore(db);
  const files = new Map(
    Object.entries(STATIC_FILES).map(([name, f]) => [name, { ...f, body: readFileSync(f.path) }]),
  );

  const send = (reply: FastifyReply, body: string, status = 200): FastifyReply =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    path: string,
    body: (access: Access) => Parameters<typeof renderPage>[0]['body'],
    extra: { scripts?: string[]; styles?: string[]; status?: number } = {},
  ): FastifyReply => {
    const a = access.of(request, reply);
    return send(
      reply,
      renderPage({ title, path, access: a, body: body(a), returnTo: request.url, ...extra }),
      extra.status,
    );
  };

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const code = errorCode(error);
    const status =
      STATUS_OF_CODE[code] ?? (error.statusCode && error.statusCode < 500 ? error.statusCode : 500);
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
    else request.log.info({ code, url: request.url }, 'request refused');
    // After signing in, back to the page the refused form was on (the console's pages send their URL).
    const referer = request.headers.referer;
    const signIn =
      code === 'CONSOLE_NOT_SIGNED_IN'
        ? localPath(referer !== undefined && URL.canParse(referer) ? new URL(referer).pathname : undefined)
        : undefined;
    const message =
      status >= 500 && code === 'UNEXPECTED' ? 'something went wrong (see the console log)' : error.message;
    return page(
      request,
      reply,
      status === 403 ? 'Refused' : 'Error',
      request.url,
      () => problemBody(status === 403 ? 'Refused' : 'Error', message, signIn),
      { status },
    );
  });
  app.setNotFoundHandler((request, reply) =>
    page(
      request,
      reply,
      'Not found',
      request.url,
      () => problemBody('Not found', `nothing at ${request.url}`, undefined),
      { status: 404 },
    ),
  );

  app.get<{ Params: { file: string } }>('/static/:file', (request, reply) => {
    const file = files.get(request.params.file);
    if (!file) return reply.callNotFound();
    return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
  });

  app.get('/api/pipeline', (_request, reply) =>
    reply.header('cache-control', 'no-store').send(pipelineView(monitor.latest(), monitor.throughput())),
  );

  app.get('/', (request, reply) =>
    page(
      request,
      reply,
      'Pipeline',
      '/',
      () => pipelineBody(pipelineView(monitor.latest(), monitor.throughput()), options.refreshMs),
      {
        scripts: ['/static/uplot.js', '/static/pipeline.js'],
        styles: ['/static/uplot.css'],
      },
    ),
  );

  app.get<{ Querystring: { topic?: string; code?: string } }>('/dead-letters', async (request, reply) => {
    const topic = one(request.query.topic);
    const code = one(request.query.code);
    const topics = topic !== undefined && deadLetterTopics.includes(topic) ? [topic] : deadLetterTopics;
    const read = await readDeadLetters(kafka, { topics, limit: options.deadLetterLimit, ledger });
    const filter = {
      ...(topics.length === 1 ? { topic: topics[0]! } : {}),
      ...(code === undefined ? {} : { code }),
    };
    return page(request, reply, 'Dead letters', '/dead-letters', (a) =>
      deadLettersBody(read, filter, deadLetterTopics, options.deadLetterLimit, a),
    );
  });

  app.post<{ Body: Record<string, unknown> }>(
    '/dead-letters/replay',
    { preHandler: access.formChange },
    async (request, reply) => {
      const body = request.body ?? {};
      const topic = one(body.topic);
      if (topic !== undefined && !deadLetterTopics.includes(topic)) return reply.callNotFound();
      const partition = Number(body.partition);
      const offset = one(body.offset);
      const code = one(body.code);
      const events: ReplayEvent[] = [];
      const letter =
        topic !== undefined && offset !== undefined && /^\d+$/.test(offset) && Number.isInteger(partition)
          ? { topic, partition, offset }
          : undefined;
      if (letter === undefined && code === undefined)
        return page(
          request,
          reply,
          'Replay',
          '/dead-letters',
          () => problemBody('Replay', 'name a letter or an error code', undefined),
          { status: 400 },
        );
      const result = await replayDeadLetters(kafka, {
        topics: topic === undefined ? deadLetterTopics : [topic],
        ledger,
        ...(letter === undefined ? {} : { letter }),
        ...(code === undefined ? {} : { code }),
        onEvent: (e) => events.push(e),
      });
      request.log.info({ ...result, letter, code }, 'dead letters replayed from the console');
      return page(request, reply, 'Replay', '/dead-letters', () => replayResultBody(result, events));
    },
  );

  app.get<{ Querystring: Record<string, unknown> }>('/articles', async (request, reply) => {
    const query = articlesQuery(request.query);
    const pageNumber = pageOf(query);
    const criteria = articleCriteria(query);
    // Read through a cursor, skipping what matchesEntity refuses, one row more than a page to know if more follow.
    const cursor = articles
      .find(articleFilter(criteria), {
        projection: { html: 0, text: 0, simhashBands: 0, provenance: 0, history: 0 },
      })
      .sort({ publishedAt: -1, _id: 1 });
    const docs: Record<string, unknown>[] = [];
    let skip = (pageNumber - 1) * ARTICLES_PER_PAGE;
    try {
      for await (const doc of cursor) {
        if (!matchesEntity(criteria, doc)) continue;
        if (skip > 0) skip--;
        else if (docs.push(doc) > ARTICLES_PER_PAGE) break;
      }
    } finally {
      await cursor.close();
    }
    return page(request, reply, 'Articles', '/articles', () =>
      articlesBody(docs.slice(0, ARTICLES_PER_PAGE), query, pageNumber, docs.length > ARTICLES_PER_PAGE),
    );
  });

  app.get<{ Params: { id: string } }>('/articles/:id', async (request, reply) => {
    const doc = await articles.findOne({ _id: request.params.id as never }, { projection: { html: 0 } });
    if (!doc) return reply.callNotFound();
    const copies = await articles
      .find(
        { duplicateOf: request.params.id },
        { projection: { title: 1, canonicalUrl: 1, url: 1, duplicateDistance: 1 } },
      )
      .limit(50)
      .toArray();
    return page(
      request,
      reply,
      typeof doc.title === 'string' ? doc.title : request.params.id,
      '/articles',
      () => articleBody(doc, copies),
    );
  });

  // The page as fetched, as plain text: never rendered as HTML from this origin (nosniff, and a sandbox CSP in
  // case a browser tries anyway).
  app.get<{ Params: { id: string } }>('/articles/:id/raw', async (request, reply) => {
    const doc = await articles.findOne({ _id: request.params.id as never }, { projection: { pageId: 1 } });
    if (typeof doc?.pageId !== 'string') return reply.callNotFound();
    const stored = await pages.load(doc.pageId);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .send(Buffer.from(stored.body));
  });

  app.get('/sources', async (request, reply) => {
    const exists =
      (await db.listCollections({ name: options.sourcesCollection }, { nameOnly: true }).toArray()).length >
      0;
    const now = new Date();
    const sources = exists
      ? (
          await db
            .collection<Record<string, unknown>>(options.sourcesCollection)
            .find({})
            .sort({ name: 1 })
            .limit(1000)
            .toArray()
        ).map((doc) => summarizeSource(doc, now))
      : undefined;
    return page(request, reply, 'Sources', '/sources', (a) => sourcesBody(sources, a));
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Body: Record<string, unknown> }>(
      `/sources/${action}`,
      { preHandler: access.formChange },
      async (request, reply) => {
        const id = one(request.body?.id);
        if (id === undefined || !/^s_[0-9a-f]{24}$/.test(id)) return reply.callNotFound();
        await kafka.send(Topics.sourceRequested, id, SourceRequestedSchema, {
          schemaVersion: SCHEMA_VERSION,
          action,
          id,
          requestedAt: new Date().toISOString(),
        });
        request.log.info({ id, action }, 'source request sent from the console');
        return reply.redirect('/sources', 303);
      },
    );
  }

  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) =>
    page(request, reply, 'Sign in', '/login', (a) => loginBody(a, localPath(request.query.next))),
  );
  app.post<{ Body: Record<string, unknown> }>(
    '/login',
    // Signing in is not a change, but it still comes only from the console's own form with its token.
    { preHandler: [access.formChange[0]!, access.formChange[1]!] },
    async (request, reply) => {
      const next = localPath(request.body?.next);
      if (!access.tokenMatches(one(request.body?.token) ?? '')) {
        request.log.warn('sign-in with a wrong token');
        return page(request, reply, 'Sign in', '/login', (a) => loginBody(a, next, 'wrong token'), {
          status: 403,
        });
      }
      access.signIn(reply);
      return reply.redirect(next, 303);
    },
  );
  app.post('/logout', { preHandler: access.formChange }, (_request, reply) => {
    access.signOut(reply);
    return reply.redirect('/', 303);
  });

  await app.register(
    async (scope) => {
      const board = new FastifyAdapter();
      const queues = pipelineStages.map(
        (s) => new Queue(s.stage, { connection: options.redis, prefix: options.queuePrefix }),
      );
      createBullBoard({
        queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: options.token === undefined })),
        serverAdapter: board,
        options: { uiConfig: { boardTitle: 'newsflow queues' } },
      });
      board.setBasePath('/queues');
      scope.addHook('onSend', async (_request, reply) => {
        reply.header('content-security-policy', BULL_BOARD_CSP);
      });
      scope.addHook('preHandler', async (request, reply) => {
        if (request.method === 'GET' || request.method === 'HEAD') return;
        for (const hook of access.jsonChange)
          await (hook as (r: FastifyRequest, s: FastifyReply) => Promise<void>)(request, reply);
      });
      scope.addHook('onClose', async () => {
        await Promise.all(queues.map((q) => q.close()));
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: '/queues' },
  );
  return app;
}
