import { describe, expect, it } from 'vitest';
import { createBacklogGate } from './backlog-gate.js';

describe('createBacklogGate', () => {
  it("waits while the stage's lag plus waiting jobs are above the bound, reading them every pollMs", async () => {
    const readings = [
      { lag: 2400, waiting: 100 },
      { lag: 1900, waiting: 200 },
      { lag: 1500, waiting: 0 },
    ];
    let clock = 0;
    const slept: number[] = [];
    const waits: number[] = [];
    const gate = createBacklogGate({
      read: async () => readings.shift() ?? { lag: 0, waiting: 0 },
      maxBacklog: 2000,
      pollMs: 1000,
      onWait: (backlog) => waits.push(backlog.lag + backlog.waiting),
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      now: () => clock,
    });
    await gate();
    expect(waits).toEqual([2500, 2100]);
    expect(slept).toEqual([1000, 1000]);
    expect(readings).toHaveLength(0);
    // Within pollMs of the last reading the gate lets the producer on without asking again.
    clock += 500;
    await gate();
    expect(slept).toHaveLength(2);
  });
});
