/** Parsing of the filter options several commands share (`--since`, `--site`). */

/**
 * An ISO 8601 date or date-time (`2026-11-01`, `2026-11-01T12:00:00Z`); a string naming the problem otherwise.
 * Only ISO forms: Date.parse accepts many others that read ambiguously.
 */
export function parseSinceDate(value: string | undefined): Date | string {
  if (
    !value ||
    !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    return `--since needs an ISO 8601 date, e.g. 2026-11-01 or 2026-11-01T12:00:00Z (got ${JSON.stringify(value ?? '')})`;
  }
  return new Date(value);
}

/** The host of `--site news.example` (a URL is accepted too); a string naming the problem otherwise. */
export function parseSiteHost(value: string | undefined): { host: string } | string {
  if (!value) return '--site needs a host name';
  try {
    return { host: value.includes('://') ? new URL(value).hostname : new URL(`http://${value}`).hostname };
  } catch {
    return `--site needs a host name (got ${JSON.stringify(value)})`;
  }
}
