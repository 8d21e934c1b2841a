export * from './pipeline-stages.js';
export * from './topic-reader.js';
export * from './pipeline-status.js';
export * from './ops-errors.js';
export * from './replay-ledger.js';
export * from './dead-letters.js';
export * from './article-view.js';
export * from './article-filter.js';
