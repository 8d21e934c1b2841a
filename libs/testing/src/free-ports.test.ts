import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { holdFreePorts } from './free-ports.js';

/** Whether a listener can bind `port` on loopback now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

describe('holdFreePorts', () => {
  it('gives distinct ports, held until released', async () => {
    const held = await holdFreePorts(6);
    try {
      expect(new Set(held.ports).size).toBe(6);
      for (const port of held.ports) expect(await bindable(port), `port ${port} while held`).toBe(false);
    } finally {
      await held.release();
    }
    expect(await bindable(held.ports[0]!)).toBe(true);
  });

  it('draws them below the ports the OS gives outgoing connections', async () => {
    const held = await holdFreePorts(20);
    await held.release();
    for (const port of held.ports) expect(port).toBeLessThan(32_768);
  });

  it('gives one block when asked for consecutive ports', async () => {
    const held = await holdFreePorts(6, { consecutive: true });
    try {
      expect(held.ports).toEqual([0, 1, 2, 3, 4, 5].map((i) => held.ports[0]! + i));
      for (const port of held.ports) expect(await bindable(port), `port ${port} while held`).toBe(false);
    } finally {
      await held.release();
    }
  });
});
