import { Topics } from '@newsflow/contracts';

/**
 * The pipeline's stages in flow order: each is a BullMQ queue and a Kafka consumer group of that name
 * (plus QUEUE_PREFIX / TOPIC_PREFIX), reading `topic` and writing what it made to `output`, and what it left
 * alone, with the reason, to `skipped` (the fetcher).
 */
export const pipelineStages = [
  // Discovery reads source changes and writes the article URLs it finds (its polls are another queue).
  { stage: 'discovery', topic: Topics.sourceRequested, output: Topics.urlRequested },
  { stage: 'fetcher', topic: Topics.urlRequested, output: Topics.pageFetched, skipped: Topics.urlSkipped },
  { stage: 'cleaner', topic: Topics.pageFetched, output: Topics.articleCleaned },
  { stage: 'entities', topic: Topics.articleCleaned, output: Topics.articleEnriched },
  { stage: 'store', topic: Topics.articleEnriched, output: Topics.articleStored },
] as const;

export type PipelineStage = (typeof pipelineStages)[number];
