import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route of the fixture site: a fixed page, or a handler for hostile behaviour (slow, endless, redirects). */
export type FixtureRoute =
  | { readonly body: string | Uint8Array; readonly contentType: string; readonly status?: number; readonly headers?: Record<string, string> }
  | ((req: IncomingMessage, res: ServerResponse) => void);

export interface FixtureSite {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  readonly port: number;
  /** Requests seen per path, to assert how often a page was fetched. */
  readonly hits: Map<string, number>;
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Serves fixed pages on a loopback address (127.0.0.1 and port 0 by default) for tests, the demo and benchmarks. Unknown paths
 * answer 404; `/robots.txt` allows everything unless a route overrides it.
 */
export async function startFixtureSite(routes: Readonly<Record<string, FixtureRoute>>, port = 0, host = '127.0.0.1'): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path] ?? (path === '/robots.txt' ? { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' } : undefined);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': route.contentType, ...route.headers }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${actualPort}`;
  return {
    origin,
    port: actualPort,
    hits,
    url: (path) => `${origin}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
