import { describe, expect, it } from 'vitest';
import { addCounts, emptyCounts, progressLine } from './import-progress.js';

describe('progressLine', () => {
  it('shows records read, imported, skipped by reason, rate, share and ETA', () => {
    const counts = emptyCounts();
    addCounts(counts, {
      recordsRead: 1200,
      imported: 1000,
      unchanged: 50,
      skipped: { 'not-2xx': 100, revisit: 30, 'not-html': 20 },
    });
    const line = progressLine({
      archive: 'cc.warc.gz',
      counts,
      bytesRead: 250 * 1024 * 1024,
      bytesThisRun: 200 * 1024 * 1024,
      sizeBytes: 1000 * 1024 * 1024,
      elapsedMs: 20_000,
    });
    // 200 MiB in 20 s leaves 750 MiB for 75 s.
    expect(line).toBe(
      'import-warc: cc.warc.gz · 25.0% · 1200 records read · 1000 imported · 50 already stored · ' +
        '150 skipped (not-2xx 100, revisit 30, not-html 20) · 60 records/s · ETA 1m15s',
    );
  });

  it('leaves out the share and ETA when the size is unknown (a download without Content-Length)', () => {
    const line = progressLine({
      archive: 'https://archive.example/a.warc.gz',
      counts: emptyCounts(),
      bytesRead: 0,
      bytesThisRun: 0,
      sizeBytes: undefined,
      elapsedMs: 0,
    });
    expect(line).toBe(
      'import-warc: https://archive.example/a.warc.gz · 0 records read · 0 imported · 0 skipped · 0 records/s',
    );
  });

  it('says "1 record read" of one record, not "1 records read"', () => {
    const counts = emptyCounts();
    addCounts(counts, { recordsRead: 1, imported: 0, unchanged: 0, skipped: { 'archive-info': 1 } });
    const line = progressLine({
      archive: 'one.warc.gz',
      counts,
      bytesRead: 0,
      bytesThisRun: 0,
      sizeBytes: undefined,
      elapsedMs: 1000,
    });
    expect(line).toBe(
      'import-warc: one.warc.gz · 1 record read · 0 imported · 1 skipped (archive-info 1) · 1 records/s',
    );
  });
});
