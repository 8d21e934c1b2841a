import { Counter, type Registry } from 'prom-client';

/** The cleaner's own metrics, beside the stage metrics of libs/runtime. */
export interface CleanerMetrics {
  /**
   * Articles sent on article.cleaned, by `outcome`: `complete`, or the kind of an incomplete text
   * (`empty`: a title without text; `truncated`: part of the story, e.g. behind a paywall).
   */
  readonly articles: Counter<'outcome'>;
}

/** Registers the cleaner's metrics on `registry` (the service's, served on /metrics). */
export function createCleanerMetrics(registry: Registry): CleanerMetrics {
  return {
    articles: new Counter({
      name: 'newsflow_cleaner_articles_total',
      help: 'Articles cleaned: complete, empty (a title without text) or truncated (part of the story)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
