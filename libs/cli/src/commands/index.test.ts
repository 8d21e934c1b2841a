import { describe, expect, it } from 'vitest';
import { commands } from './index.js';

describe('command registry', () => {
  it('loads, for each listed name, the command of that name; its help is about that command', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(entry.help).toContain(`newsflow ${entry.name}`);
    }
  });
});
