import { z } from 'zod';
import { collectionSettings, setting } from '@newsflow/runtime';

/** The console's own settings and the collections it reads, added to the common ones (libs/runtime config.ts). */
export const consoleSettings = {
  port: setting(
    'CONSOLE_PORT',
    z.coerce.number().int().min(0).max(65535).default(8090),
    'Port of the web console (0 picks a free port).',
  ),
  host: setting(
    'CONSOLE_HOST',
    z.string().min(1).default('127.0.0.1'),
    'Address the web console binds to; loopback by default (set 0.0.0.0 only behind your own access control).',
  ),
  token: setting(
    'CONSOLE_TOKEN',
    z.string().min(16, 'needs at least 16 characters').optional(),
    'Token an operator signs in with before any change (replay, pause, resume, queue actions); unset: the console is read-only.',
    true,
  ),
  sampleIntervalMs: setting(
    'CONSOLE_SAMPLE_INTERVAL_MS',
    z.coerce.number().int().min(500).max(300_000).default(5000),
    'How often the console reads the pipeline figures (lag, queues, the throughput counters); pages refresh as often.',
  ),
  deadLetterLimit: setting(
    'CONSOLE_DEAD_LETTER_LIMIT',
    z.coerce.number().int().min(1).max(10_000).default(200),
    'Dead letters shown per topic partition (the newest).',
  ),
  ...collectionSettings,
} as const;
