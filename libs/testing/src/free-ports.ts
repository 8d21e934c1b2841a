import { createServer, type AddressInfo, type Server } from 'node:net';

/** Free loopback ports, held until released so that the OS hands none of them out twice meanwhile. */
export interface HeldPorts {
  readonly ports: readonly number[];
  /** Closes the listeners: the servers about to start may bind the ports. */
  release(): Promise<void>;
}

/**
 * `count` distinct free ports on 127.0.0.1. Each is listened on until {@link HeldPorts.release}: a port found
 * by listening on 0 and closing at once can be handed out again by the next such call, and two servers of
 * one stack then collide ("Address already in use").
 */
export async function holdFreePorts(count: number): Promise<HeldPorts> {
  const servers: Server[] = [];
  const release = async (): Promise<void> => {
    await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
  };
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      await new Promise<void>((listening, failed) => {
        server.once('error', failed);
        server.listen(0, '127.0.0.1', () => listening());
      });
      servers.push(server);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { ports: servers.map((s) => (s.address() as AddressInfo).port), release };
}
