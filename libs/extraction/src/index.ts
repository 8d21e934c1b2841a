export { blockFingerprints, EXTRACTOR_NAME, EXTRACTOR_VERSION, extractArticles } from './extract-articles.js';
export { ExtractionError, ExtractionErrorCode } from './extraction-error.js';
export {
  addPageToProfile,
  fingerprintBlock,
  TEMPLATE_MIN_PAGES,
  TEMPLATE_MIN_SHARE,
} from './site-profile.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_INPUT_CHARS, DEFAULT_MAX_NODES, MAX_SUPPORTED_DEPTH } from './dom.js';
export { detectLanguage } from './language.js';
export { parseDate, type DateContext, type SlashDateOrder } from './dates.js';
export { withFeedEvidence, type FeedEvidence } from './feed-evidence.js';
export type {
  Article,
  ExtractInput,
  ExtractionDiagnostics,
  ExtractionLimits,
  ExtractionResult,
  FieldProvenance,
  Incompleteness,
  Provenance,
  SiteProfile,
} from './types.js';
