/** Confidence by kind of signal: structured data is declared by the publisher, visible text is inferred. */
export const Confidence = {
  structured: 0.9,
  confirmed: 0.95,
  meta: 0.8,
  markup: 0.7,
  text: 0.5,
  url: 0.6,
} as const;
