/** Every Kafka topic of the pipeline, with its partition count: the one place these live. */
export const Topics = {
  urlRequested: 'url.requested',
  pageFetched: 'page.fetched',
  articleCleaned: 'article.cleaned',
  articleEnriched: 'article.enriched',
  articleStored: 'article.stored',
  /** Changes to the followed sources (sites, feeds, sitemaps): read by services/discovery. */
  sourceRequested: 'source.requested',
  /**
   * Requests the fetcher left alone and why (a duplicate within the dedupe window, a 304, unchanged bytes):
   * read by `newsflow push --follow` and `status`, by no stage.
   */
  urlSkipped: 'url.skipped',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Partitions per topic. Six lets up to six replicas of a stage share one topic while staying cheap on a
 * single-node broker.
 */
export const TOPIC_PARTITIONS: Readonly<Record<TopicName, number>> = {
  'url.requested': 6,
  'page.fetched': 6,
  'article.cleaned': 6,
  'article.enriched': 6,
  'article.stored': 3,
  // Source changes are rare; three partitions keep them ordered per source (keyed by source id) and spread.
  'source.requested': 3,
  'url.skipped': 3,
};

/** Topics no stage consumes (reports for people and tools): nothing is dead-lettered from them. */
const WITHOUT_DEAD_LETTERS: ReadonlySet<string> = new Set([Topics.urlSkipped]);

/** Dead letters of `topic` go to `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** All topics with their dead-letter topics (each topic a stage reads has one), for creating them up front. */
export function allTopics(): { topic: string; numPartitions: number }[] {
  return Object.entries(TOPIC_PARTITIONS).flatMap(([topic, numPartitions]) =>
    WITHOUT_DEAD_LETTERS.has(topic)
      ? [{ topic, numPartitions }]
      : [
          { topic, numPartitions },
          { topic: dlqTopic(topic), numPartitions: 1 },
        ],
  );
}

/** Every dead-letter topic (logical names), one per topic a stage reads (`url.skipped`, read by none, has none). */
export const deadLetterTopics: readonly string[] = allTopics()
  .map((t) => t.topic)
  .filter((topic) => topic.endsWith('.dlq'));
