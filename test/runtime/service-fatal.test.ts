import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { waitFor, withTimeout } from '@newsflow/testing';
import { createHarness, type Harness } from '../support/runtime-harness.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const Ping = z.object({ n: z.number().int() });

describe('a service whose stage dies', () => {
  let h: Harness;
  let service: ServiceProcess | undefined;
  beforeEach(async () => {
    h = await createHarness(inject('servers'), 'service-fatal');
  });
  afterEach(async () => {
    await service?.stop('SIGKILL');
    await h.close();
  });

  it('exits 1 when its Kafka consumer crashes for good, so it is restarted, and is never ready again', async () => {
    service = await startServiceProcess('crashing', {
      servers: inject('servers'),
      topicPrefix: h.topicPrefix,
      queuePrefix: h.queuePrefix,
      dbName: h.dbName,
      entry: 'test/runtime/fixtures/crashing-service.ts',
    });
    const readyz = async (): Promise<number> =>
      (await fetch(`http://127.0.0.1:${service!.port}/readyz`).catch(() => ({ status: 0 }))).status;
    expect(await readyz()).toBe(200);

    const statuses: number[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        statuses.push(await readyz());
        await sleep(20);
      }
    })();
    await h.kafka.send('url.requested', null, Ping, { n: 13 });
    const code = await withTimeout(service.exited, 90_000, 'the service to exit');
    watching = false;
    await watch;

    expect(code).toBe(1);
    expect(service.lines.some((line) => line.includes('part of the service stopped working'))).toBe(true);
    // From the crash on, never ready: /readyz says 503 (its `stages` check) while it shuts down, then nothing
    // listens. (The shutdown is quick, so a poll may see only the closed port.)
    const firstNotReady = statuses.findIndex((status) => status !== 200);
    expect(firstNotReady).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(firstNotReady).every((status) => status !== 200)).toBe(true);
    await waitFor(async () => (await readyz()) === 0, { timeoutMs: 5000, message: 'the port closed' });
  });
});
