import { createServer } from 'node:net';

/** A TCP port where something accepts connections and closes each one at once, counting them. */
export interface ClosingServer {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  readonly port: number;
  /** Connections accepted so far: each is one attempt of a client to reach the server it expected there. */
  connections(): number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a {@link ClosingServer} on a free port (or on `port`: where a server killed a moment ago listened): a
 * server that is there but never speaks Kafka, Redis or MongoDB. Every attempt of a client fails at once and
 * reaches this count, so a test can bound how many attempts (retries) a command made before it gave up,
 * whatever the machine's load, instead of how long it took.
 */
export async function startClosingServer(port = 0): Promise<ClosingServer> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as { port: number };
  const close = (): Promise<void> => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    address: `127.0.0.1:${bound}`,
    port: bound,
    connections: () => connections,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * Connection attempts the MongoDB driver may make within a server selection budget (the CLI's
 * NEWSFLOW_CONNECT_TIMEOUT_MS, checkServers' connect timeout): while a selection waits, it checks a server it
 * cannot reach at most once per `minHeartbeatFrequencyMS` (500 ms), plus the first check and one at the deadline.
 * A load-slowed run makes fewer, never more; a client that waited out the driver's own 30 s selection timeout
 * would make about 60.
 */
export function mongoAttemptsWithin(budgetMs: number): number {
  return 2 + Math.floor(budgetMs / 500);
}
