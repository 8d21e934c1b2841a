import { NewsflowError, type ErrorContext } from '@newsflow/errors';

/** Every code the store's own errors carry (documented in services/store/README.md). */
export const StoreErrorCode = {
  articleTooLarge: 'STORE_ARTICLE_TOO_LARGE',
  articleRejected: 'STORE_ARTICLE_REJECTED',
  writeConflict: 'STORE_WRITE_CONFLICT',
} as const;
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

/**
 * The article is too large for one MongoDB document even after its text was cut and its HTML dropped
 * (e.g. an enormous entity list). Retrying cannot help: the message is dead-lettered.
 */
export class ArticleTooLargeError extends NewsflowError {
  override name = 'ArticleTooLargeError';
  constructor(articleId: string, bytes: number, maxBytes: number) {
    super(
      StoreErrorCode.articleTooLarge,
      `article ${articleId} needs ${bytes} bytes even truncated; the limit is ${maxBytes}`,
      {
        context: { articleId, bytes, maxBytes },
      },
    );
  }
}

/** The server's collection validator refused the document: a bug in the document builder or the schema. */
export class ArticleRejectedError extends NewsflowError {
  override name = 'ArticleRejectedError';
  constructor(articleId: string, detail: string, options: { cause?: unknown } = {}) {
    super(StoreErrorCode.articleRejected, `MongoDB refused article ${articleId}: ${detail}`, {
      ...options,
      context: { articleId },
    });
  }
}

/**
 * Other writers kept changing the same article between our read and our conditional write more times than
 * the retry bound allows, or held its lock longer than we wait. Retriable: the job backs off and tries again.
 */
export class WriteConflictError extends NewsflowError {
  override name = 'WriteConflictError';
  constructor(articleId: string, detail: string, context: ErrorContext = {}) {
    super(StoreErrorCode.writeConflict, `article ${articleId}: ${detail}`, {
      retriable: true,
      context: { articleId, ...context },
    });
  }
}
