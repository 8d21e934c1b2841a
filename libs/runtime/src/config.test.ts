import { describe, expect, it } from 'vitest';
import { commonSettings, loadConfig, redactConfig } from './config.js';
import { ConfigError } from './runtime-errors.js';
import { retryDelayMs } from './retry-delay.js';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig(commonSettings, {});
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.mongodbUri).toBe('mongodb://127.0.0.1:27017/newsflow');
    expect(config.concurrency).toBe(4);
    expect(config.maxWaitingJobs).toBe(2000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('coerces values and treats empty strings as unset', () => {
    const config = loadConfig(commonSettings, {
      KAFKA_BROKERS: 'a:1, b:2,',
      WORKER_CONCURRENCY: '9',
      LOG_LEVEL: '',
      QUEUE_MAX_WAITING_JOBS: '50',
    });
    expect(config.kafkaBrokers).toEqual(['a:1', 'b:2']);
    expect(config.concurrency).toBe(9);
    expect(config.maxWaitingJobs).toBe(50);
    expect(config.logLevel).toBe('info');
  });

  it('names every bad variable at once and never echoes secrets', () => {
    let error: unknown;
    try {
      loadConfig(commonSettings, {
        WORKER_CONCURRENCY: 'lots',
        HTTP_PORT: '70000',
        KAFKA_SASL_MECHANISM: 'magic',
        KAFKA_SSL: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('WORKER_CONCURRENCY');
    expect(problems).toContain('HTTP_PORT');
    expect(problems).toContain('KAFKA_SASL_MECHANISM');
    expect(problems).toContain('KAFKA_SSL');
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
  });

  it('refuses a MongoDB or Redis connection string of another scheme, naming it, without echoing it', () => {
    let error: unknown;
    try {
      loadConfig(commonSettings, { MONGODB_URI: 'not a uri s3cret', REDIS_URL: 'http://:s3cret@h:6379' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('MONGODB_URI: expected mongodb://… or mongodb+srv://…');
    expect(problems).toContain('REDIS_URL: expected redis://…');
    expect(problems).not.toContain('s3cret');
    // What the drivers take is taken: host lists, SRV, TLS, a socket path.
    const config = loadConfig(commonSettings, {
      MONGODB_URI: 'mongodb://u:p@h1:27017,h2:27017/newsflow?replicaSet=rs0',
      REDIS_URL: 'rediss://:p@redis.example:6380',
    });
    expect(config.mongodbUri).toContain('h1:27017,h2:27017');
    expect(
      loadConfig(commonSettings, { MONGODB_URI: 'mongodb+srv://u:p@cluster.example/db' }).mongodbUri,
    ).toMatch(/^mongodb\+srv:/);
    expect(loadConfig(commonSettings, { REDIS_URL: '/run/redis.sock' }).redisUrl).toBe('/run/redis.sock');
  });

  it('masks secret settings when redacted', () => {
    const config = loadConfig(commonSettings, {
      KAFKA_SASL_PASSWORD: 'hunter2',
      MONGODB_URI: 'mongodb://u:p@h/db',
    });
    const shown = JSON.stringify(redactConfig(commonSettings, config));
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('u:p@');
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base with jitter in the upper half', () => {
    expect(retryDelayMs(1, { baseMs: 1000 }, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, { baseMs: 1000 }, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(3, { baseMs: 1000 }, undefined, () => 1)).toBe(4000);
  });

  it('waits at least a Retry-After carried by the error, capped at five minutes by default', () => {
    expect(retryDelayMs(1, { baseMs: 1000 }, { retryAfterMs: 7000 })).toBe(7000);
    expect(retryDelayMs(4, { baseMs: 1000 }, { retryAfterMs: 10 }, () => 1)).toBe(8000);
    expect(retryDelayMs(1, { baseMs: 1000 }, { retryAfterMs: 10 ** 9 })).toBe(5 * 60_000);
    expect(retryDelayMs(30, { baseMs: 1000 }, undefined, () => 1)).toBe(5 * 60_000);
  });

  it('never waits longer than the ceiling it is given, for backoff and Retry-After alike', () => {
    const backoff = { baseMs: 1000, maxMs: 3000 };
    expect(retryDelayMs(2, backoff, undefined, () => 1)).toBe(2000);
    expect(retryDelayMs(5, backoff, undefined, () => 1)).toBe(3000);
    expect(retryDelayMs(1, backoff, { retryAfterMs: 60_000 })).toBe(3000);
    const long = { baseMs: 1000, maxMs: 3_600_000 };
    expect(retryDelayMs(1, long, { retryAfterMs: 1_800_000 })).toBe(1_800_000);
  });
});

describe('JOB_BACKOFF_MAX_MS', () => {
  it('defaults to five minutes and takes a value in ms', () => {
    expect(loadConfig(commonSettings, {}).jobBackoffMaxMs).toBe(300_000);
    expect(loadConfig(commonSettings, { JOB_BACKOFF_MAX_MS: '3600000' }).jobBackoffMaxMs).toBe(3_600_000);
  });

  it.each(['0', '-5', '1.5', 'soon', '86400001'])('refuses %j at start-up, naming the variable', (raw) => {
    let error: unknown;
    try {
      loadConfig(commonSettings, { JOB_BACKOFF_MAX_MS: raw });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^JOB_BACKOFF_MAX_MS \(got /)]);
  });
});

describe('KAFKA_RETRIES', () => {
  it('defaults to the 8 retries kafkajs was always given and takes 0 to 20', () => {
    expect(loadConfig(commonSettings, {}).kafkaRetries).toBe(8);
    expect(loadConfig(commonSettings, { KAFKA_RETRIES: '0' }).kafkaRetries).toBe(0);
    expect(loadConfig(commonSettings, { KAFKA_RETRIES: '20' }).kafkaRetries).toBe(20);
  });

  it.each(['-1', '2.5', '21', 'many'])('refuses %j at start-up, naming the variable', (raw) => {
    let error: unknown;
    try {
      loadConfig(commonSettings, { KAFKA_RETRIES: raw });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^KAFKA_RETRIES \(got /)]);
  });
});
