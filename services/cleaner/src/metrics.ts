import { Counter, type Registry } from 'prom-client';

/** The cleaner's own metrics, beside the stage metrics of libs/runtime. */
export interface CleanerMetrics {
  /**
   * Articles sent on article.cleaned, by `outcome`: `complete`, or the kind of an incomplete text
   * (`empty`: a title without text; `truncated`: part of the story, e.g. behind a paywall).
   */
  readonly articles: Counter<'outcome'>;
  /**
   * Articles shortened to fit their message (`truncation`), by what gave way last: `html` (dropped, the text
   * whole) or `text` (the html dropped and the text cut).
   */
  readonly shortened: Counter<'cut'>;
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
    shortened: new Counter({
      name: 'newsflow_cleaner_articles_shortened_total',
      help: 'Articles shortened to fit their message: html dropped (cut="html"), or html dropped and text cut (cut="text")',
      labelNames: ['cut'],
      registers: [registry],
    }),
  };
}
