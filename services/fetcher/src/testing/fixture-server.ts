import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fixture server saw, for assertions. */
export interface SeenRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FixtureServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: readonly SeenRequest[];
  close(): Promise<void>;
}

export type FixtureHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/**
 * A hostile-on-demand HTTP server on 127.0.0.1, port 0, for fetcher tests. Test-only; never listens on
 * anything but loopback.
 */
export async function startFixtureServer(handler: FixtureHandler): Promise<FixtureServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin: `http://127.0.0.1:${port}`, port, requests, close, [Symbol.asyncDispose]: close };
}
