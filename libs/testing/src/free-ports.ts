import { createServer, type Server } from 'node:net';

/** Free loopback ports, held until released so that the OS hands none of them out twice meanwhile. */
export interface HeldPorts {
  readonly ports: readonly number[];
  /** Closes the listeners: the servers about to start may bind the ports. */
  release(): Promise<void>;
}

/**
 * Ports are drawn below the range the OS hands to outgoing connections (Linux: 32768–60999, macOS and
 * Windows: from 49152). A port found by listening on 0 lies inside that range, so between its release and
 * the server's bind (seconds, for a JVM) any client socket of a parallel test could take it.
 */
const LOWEST = 20_000;
const OUTGOING_FROM = 32_768;
const TRIES = 500;

function listenOn(port: number): Promise<Server | undefined> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(undefined));
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

function closeAll(servers: readonly Server[]): Promise<void> {
  return Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done())))).then(
    () => undefined,
  );
}

function randomStart(span: number): number {
  return LOWEST + Math.floor(Math.random() * (OUTGOING_FROM - LOWEST - span));
}

/**
 * `count` distinct free ports on 127.0.0.1, each listened on until {@link HeldPorts.release}, so that two
 * servers of one stack never get the same one. `consecutive` asks for one block (`ports[0]` … `ports[0] +
 * count − 1`), as a Kafka cluster numbers its nodes' ports.
 */
export async function holdFreePorts(
  count: number,
  options: { consecutive?: boolean } = {},
): Promise<HeldPorts> {
  const servers: Server[] = [];
  for (let tries = 0; servers.length < count; tries += 1) {
    if (tries === TRIES) {
      await closeAll(servers);
      throw new Error(`no ${count} free ports between ${LOWEST} and ${OUTGOING_FROM} after ${TRIES} tries`);
    }
    if (options.consecutive) {
      const start = randomStart(count);
      for (let port = start; port < start + count; port += 1) {
        const server = await listenOn(port);
        if (!server) break;
        servers.push(server);
      }
      if (servers.length < count) await closeAll(servers.splice(0));
    } else {
      const server = await listenOn(randomStart(1));
      if (server) servers.push(server);
    }
  }
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('a held port has no address');
    return address.port;
  });
  return { ports, release: () => closeAll(servers) };
}
