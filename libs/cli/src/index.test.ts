import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../test/support/capture-io.js';
import { main } from './index.js';

describe('newsflow without a command', () => {
  it('prints the usage on stderr and exits 2 (bad usage); --help prints it on stdout and exits 0', async () => {
    const none = captureIo();
    expect(await main([], none.io)).toBe(2);
    expect(none.out()).toBe('');
    expect(none.err()).toContain('Usage: newsflow <command> [options]');
    const help = captureIo();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('Usage: newsflow <command> [options]');
    expect(help.err()).toBe('');
  });
});
