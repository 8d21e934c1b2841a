import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly service: string;
  /** @default 'info' */
  readonly level?: string;
  /** Where JSON lines go. @default stdout */
  readonly destination?: NodeJS.WritableStream;
}

/** The one structured JSON logger of a process; children add `traceId`, `pageId` and the like. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Credentials must never reach a log line, however they got into an object.
      redact: {
        paths: ['password', '*.password', 'config.kafkaSaslPassword', 'config.mongodbUri', 'config.redisUrl'],
        censor: '***',
      },
    },
    options.destination ?? process.stdout,
  );
}
