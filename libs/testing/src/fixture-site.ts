import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fixed answer of the fixture site. */
export interface FixturePage {
  readonly body: string | Uint8Array;
  readonly contentType: string;
  /** @default 200 */
  readonly status?: number;
  readonly headers?: Record<string, string>;
}

/**
 * Answers a request itself: slow, endless, redirecting or otherwise hostile behaviour. A returned promise that
 * rejects destroys the response with its error.
 */
export type FixtureHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A route of the fixture site: a fixed page, or a handler. */
export type FixtureRoute = FixturePage | FixtureHandler;

/** A request the fixture site saw, for assertions. */
export interface SeenRequest {
  /** The request target as sent, query included. */
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** When it arrived (`Date.now()`). */
  readonly at: number;
}

export interface FixtureSiteOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** A loopback address. @default '127.0.0.1' */
  readonly host?: string;
}

export interface FixtureSite extends AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  readonly port: number;
  /** Requests seen per path (query left out), to assert how often a page was fetched. */
  readonly hits: Map<string, number>;
  /** Every request received, in order. */
  readonly requests: readonly SeenRequest[];
  url(path: string): string;
  close(): Promise<void>;
}

const ROBOTS_ALLOW_ALL: FixturePage = { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' };

/**
 * Serves fixtures on a loopback address for tests (the fetcher's hostile server among them), the demo and
 * benchmarks. `routes` is either one handler that answers every request, or a table by exact path (query left
 * out): unknown paths answer 404 and `/robots.txt` allows everything unless the table has it. Rejects when the
 * address cannot be bound. Test-only; never give it an address other than loopback.
 */
export async function startFixtureSite(
  routes: Readonly<Record<string, FixtureRoute>> | FixtureHandler,
  { port = 0, host = '127.0.0.1' }: FixtureSiteOptions = {},
): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers, at: Date.now() });
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route =
      typeof routes === 'function'
        ? routes
        : (routes[path] ?? (path === '/robots.txt' ? ROBOTS_ALLOW_ALL : undefined));
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      Promise.resolve(route(request, response)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return;
    }
    response
      .writeHead(route.status ?? 200, { 'content-type': route.contentType, ...route.headers })
      .end(route.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${actualPort}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    origin,
    port: actualPort,
    hits,
    requests,
    url: (path) => `${origin}${path}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}
