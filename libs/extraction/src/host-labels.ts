/**
 * The labels of a page's host that can name its site, lower-cased: the registrable name first ("bbc" of
 * news.bbc.co.uk), then the subdomain labels ("news"); never "www" or the public suffix. The suffix is
 * guessed without a list: the last label, and a short second-level label before a country code ("co.uk",
 * "com.au").
 */
export function hostLabels(url: string | undefined): string[] {
  const labels = siteHost(url)?.split('.').filter(Boolean) ?? [];
  if (labels.length < 2) return labels;
  const suffix = labels.length > 2 && labels.at(-2)!.length <= 3 && labels.at(-1)!.length === 2 ? 2 : 1;
  const name = labels.length - suffix - 1;
  return [...new Set([labels[name]!, ...labels.slice(0, name)])];
}

/** The page's host, lower-cased, without `www.`; undefined without a valid URL. */
export function siteHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
