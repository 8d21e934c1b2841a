import { describe, expect, it } from 'vitest';
import { useCliContext } from './cli-context.js';
import { runCli } from './run-cli.js';

describe('newsflow sources add, waiting for discovery (subprocess, real servers)', () => {
  const context = useCliContext();

  it('past --timeout says the service may be down or still retrying the site, and where to look (exit 1)', async () => {
    // No discovery service reads this namespace's source.requested: the request is never applied.
    const r = await runCli(['sources', 'add', 'https://news.example/', '--timeout', '1'], context().env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did not apply the request within 1 s');
    // A running service retries a site (or robots.txt) that does not answer for minutes: not only "is it running?".
    expect(r.stderr).toContain('still trying to reach the site');
    expect(r.stderr).toContain('`newsflow sources list`');
  });
});
