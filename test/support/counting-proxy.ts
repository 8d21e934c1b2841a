import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy to one server that counts the connections clients make through it. */
export interface CountingProxy {
  /** `127.0.0.1:<port>`: give it to a client as the server's address. */
  readonly address: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Resolves once no connection through the proxy is open (rejects after `timeoutMs`, naming how many are). */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a {@link CountingProxy} to `target` (`host:port`) on a free port. Given to a Kafka client as its
 * bootstrap broker, it counts the client's connects (each admin or producer dials the bootstrap broker once;
 * the brokers the metadata then names are dialled directly).
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const [host = '', port = ''] = target.split(':');
  const clients = new Set<Socket>();
  const sockets = new Set<Socket>();
  const onDrained: (() => void)[] = [];
  let connections = 0;
  const server = createServer((client) => {
    connections += 1;
    clients.add(client);
    const upstream = createConnection(Number(port), host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        clients.delete(client);
        client.destroy();
        upstream.destroy();
        if (clients.size === 0) for (const resolve of onDrained.splice(0)) resolve();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: bound } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${bound}`,
    connections: () => connections,
    drained(timeoutMs = 10_000) {
      if (clients.size === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${clients.size} connection(s) still open after ${timeoutMs} ms`)),
          timeoutMs,
        );
        onDrained.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
