import { describe, expect, it } from 'vitest';
import { PageSaveBusyError } from '@newsflow/runtime';
import { ExitCode, type CommandIo } from './command.js';
import { runWithServers } from './connect.js';

function capturedIo(): CommandIo & { readonly err: () => string } {
  let err = '';
  return {
    stdin: process.stdin,
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => ((err += chunk), true) },
    err: () => err,
  } as unknown as CommandIo & { readonly err: () => string };
}

describe('runWithServers', () => {
  it('prints a typed failure of the command with its code, for scripts and docs/errors.md', async () => {
    const io = capturedIo();
    const code = await runWithServers(
      'import-warc',
      io,
      () => Promise.reject(new PageSaveBusyError('p1', 30_000)),
      {},
    );
    expect(code).toBe(ExitCode.failure);
    expect(io.err()).toBe(
      'newsflow import-warc: PAGE_SAVE_BUSY: page p1 was being saved by another writer for 30000 ms\n',
    );
  });

  it('prints any other failure as its message', async () => {
    const io = capturedIo();
    const code = await runWithServers('articles', io, () => Promise.reject(new Error('disk full')), {});
    expect(code).toBe(ExitCode.failure);
    expect(io.err()).toBe('newsflow articles: disk full\n');
  });
});
