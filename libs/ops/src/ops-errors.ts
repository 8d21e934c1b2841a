import { NewsflowError } from '@newsflow/errors';

/** Another replay (from the CLI or the console) is running; try again when it has finished. */
export class ReplayBusyError extends NewsflowError {
  override name = 'ReplayBusyError';
  constructor() {
    super('DLQ_REPLAY_BUSY', 'another dead-letter replay is running; try again when it has finished', {
      retriable: true,
    });
  }
}

/** The dead letter asked for is not on its topic (never written, or deleted by retention). */
export class DeadLetterNotFoundError extends NewsflowError {
  override name = 'DeadLetterNotFoundError';
  constructor(topic: string, partition: number, offset: string) {
    super('DLQ_LETTER_NOT_FOUND', `no dead letter at ${topic} ${partition}@${offset}`, {
      context: { topic, partition, offset },
    });
  }
}
