import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ServerGoneError, loadCliConfig } from './connect.js';
import { watchKafka } from './kafka-watch.js';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('watchKafka', () => {
  it('reports brokers that refuse every probe as gone, naming them, after the given number of failures', async () => {
    const port = await closedPort();
    const config = loadCliConfig({ KAFKA_BROKERS: `127.0.0.1:${port}`, NEWSFLOW_CONNECT_TIMEOUT_MS: '1000' });
    const watch = watchKafka(config, { intervalMs: 10, failures: 2 });
    const gone = await watch.gone;
    watch.stop();
    expect(gone).toBeInstanceOf(ServerGoneError);
    expect(gone.code).toBe('CLI_SERVER_GONE');
    expect(gone.retriable).toBe(true);
    expect(gone.message).toMatch(
      new RegExp(
        `^Kafka at 127\\.0\\.0\\.1:${port} stopped answering mid-command: 2 probes in a row .*ECONNREFUSED`,
      ),
    );
  });
});
