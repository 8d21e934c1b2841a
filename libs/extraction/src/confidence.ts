/** Confidence by kind of signal: structured data is declared by the publisher, visible text is inferred. */
export const Confidence = {
  structured: 0.9,
  confirmed: 0.95,
  meta: 0.8,
  markup: 0.7,
  text: 0.5,
  url: 0.6,
  /** A date the page labels as its update date, used as the publication date only when there is no other. */
  updatedOnly: 0.3,
} as const;
