import { NewsflowError, type ErrorContext } from '@newsflow/runtime';

/**
 * The article is too large for one MongoDB document even after its text was cut and its HTML dropped
 * (e.g. an enormous entity list). Retrying cannot help: the message is dead-lettered.
 */
export class ArticleTooLargeError extends NewsflowError {
  override name = 'ArticleTooLargeError';
  constructor(articleId: string, bytes: number, maxBytes: number) {
    super('STORE_ARTICLE_TOO_LARGE', `article ${articleId} needs ${bytes} bytes even truncated; the limit is ${maxBytes}`, {
      context: { articleId, bytes, maxBytes },
    });
  }
}

/** The server's collection validator refused the document: a bug in the document builder or the schema. */
export class ArticleRejectedError extends NewsflowError {
  override name = 'ArticleRejectedError';
  constructor(articleId: string, detail: string, options: { cause?: unknown } = {}) {
    super('STORE_ARTICLE_REJECTED', `MongoDB refused article ${articleId}: ${detail}`, { ...options, context: { articleId } });
  }
}

/**
 * Other writers kept changing the same article between our read and our conditional write, more times than
 * the retry bound allows. Retriable: the job backs off and tries again.
 */
export class WriteConflictError extends NewsflowError {
  override name = 'WriteConflictError';
  constructor(articleId: string, attempts: number, context: ErrorContext = {}) {
    super('STORE_WRITE_CONFLICT', `article ${articleId} changed under us ${attempts} times in a row`, {
      retriable: true,
      context: { articleId, attempts, ...context },
    });
  }
}
