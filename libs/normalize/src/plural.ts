/**
 * `count` with `noun` in the form that count takes: `1 record`, `0 records`, `2 records`; `nouns` where the
 * plural is not `noun` + s (`plural(n, 'entity', 'entities')`). For every count printed to people: the CLI's
 * lines and the WARC importer's progress line (libs/archives).
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
