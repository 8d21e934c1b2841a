import { NewsflowError } from '@newsflow/errors';

/**
 * A file or stdin given to a command (`extract`, `entities`) is larger than the command reads, as read or once
 * gunzipped: refused before the whole is held. Permanent: the same input is refused again; exit 1.
 */
export class InputTooLargeError extends NewsflowError {
  override name = 'InputTooLargeError';
  constructor(
    readonly limitBytes: number,
    readonly measure: 'read' | 'gunzipped',
    options: { cause?: unknown } = {},
  ) {
    super(
      'CLI_INPUT_TOO_LARGE',
      `larger than ${limitBytes} bytes${measure === 'gunzipped' ? ' once gunzipped' : ''}`,
      { ...options, context: { limitBytes, measure } },
    );
  }
}
