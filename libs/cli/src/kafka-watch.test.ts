import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ServerGoneError, loadCliConfig } from './connect.js';
import { watchKafka, whileKafkaAnswers } from './kafka-watch.js';

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

describe('whileKafkaAnswers', () => {
  it('gives what the work gives when it ends before the brokers are found gone', async () => {
    const port = await closedPort();
    const config = loadCliConfig({ KAFKA_BROKERS: `127.0.0.1:${port}`, NEWSFLOW_CONNECT_TIMEOUT_MS: '1000' });
    await expect(whileKafkaAnswers(config, async () => 42, { intervalMs: 60_000 })).resolves.toBe(42);
  });

  it('reports a failed work as the brokers gone when a probe then gets no answer, the failure as cause', async () => {
    const port = await closedPort();
    const config = loadCliConfig({ KAFKA_BROKERS: `127.0.0.1:${port}`, NEWSFLOW_CONNECT_TIMEOUT_MS: '1000' });
    const failure = new Error('Connection error: read ECONNRESET');
    const error: unknown = await whileKafkaAnswers(config, () => Promise.reject(failure), {
      intervalMs: 60_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerGoneError);
    expect((error as ServerGoneError).cause).toBe(failure);
    expect((error as ServerGoneError).message).toMatch(
      new RegExp(
        `^Kafka at 127\\.0\\.0\\.1:${port} stopped answering mid-command: the command failed \\(Connection error: read ECONNRESET\\) and a probe got no answer \\(.*ECONNREFUSED`,
      ),
    );
  });

  it('rejects with ServerGoneError once the brokers are gone, without waiting for the work', async () => {
    const port = await closedPort();
    const config = loadCliConfig({ KAFKA_BROKERS: `127.0.0.1:${port}`, NEWSFLOW_CONNECT_TIMEOUT_MS: '1000' });
    const never = new Promise<never>(() => undefined);
    const error: unknown = await whileKafkaAnswers(config, () => never, {
      intervalMs: 10,
      failures: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerGoneError);
    expect((error as ServerGoneError).code).toBe('CLI_SERVER_GONE');
  });
});
