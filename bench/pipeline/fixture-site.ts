import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageIdOfPath, type CorpusPage } from './corpus.js';

export interface BenchSite {
  readonly origin: string;
  /** Pages served (200) and other answers, for the report. */
  readonly served: { pages: number; notFound: number };
  close(): Promise<void>;
}

/**
 * Serves the corpus on loopback with no artificial delay: any `/<run>/v<n>/<set>/<id>.html` answers that page's
 * stored gzip bytes with `Content-Encoding: gzip` (the fetcher decompresses while streaming, as on the web);
 * `/robots.txt` allows everything. Keep-alive as Node's server does by default.
 */
export async function startBenchSite(pages: readonly CorpusPage[], host = '127.0.0.1'): Promise<BenchSite> {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const served = { pages: 0, notFound: 0 };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    const id = pageIdOfPath(path);
    const page = id === undefined ? undefined : byId.get(id);
    if (page === undefined) {
      served.notFound++;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    served.pages++;
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'content-encoding': 'gzip',
        'content-length': String(page.gzipped.byteLength),
      })
      .end(page.gzipped);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
