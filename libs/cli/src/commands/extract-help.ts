import type { ArgsConfig } from '../command.js';

/** The flags of `newsflow extract`. */
export const extractArgs = {
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    text: { type: 'boolean', default: false },
    url: { type: 'string' },
    batch: { type: 'string' },
    out: { type: 'string' },
  },
} as const satisfies ArgsConfig;

/** What `newsflow extract --help` prints. */
export const extractHelp = `Usage: newsflow extract <file|url|-> [--json] [--url URL] [--text]
       newsflow extract --batch DIR --out PRED.json

Extracts the article(s) of one page (HTML or plain text) and prints them.

  <file|url|->    a local file (.html, .html.gz, .txt), an http(s) URL, or - for stdin
  --json          print {articles, diagnostics} as JSON instead of text
  --url URL       page URL of a local file (resolves links, gives URL dates)
  --text          treat the input as plain text (default: sniffed)
  --batch DIR     extract every *.html, *.html.gz and *.txt in DIR into {id: text}
  --out FILE      where --batch writes its JSON (default: stdout)

A file or stdin (as read, and once gunzipped) may hold at most 20 MiB; more is refused (CLI_INPUT_TOO_LARGE).

A URL is fetched as the fetcher service fetches it, with the same FETCH_* settings: loopback, private and
link-local addresses (169.254.169.254 included) are refused on every redirect hop unless FETCH_ALLOWED_HOSTS
names them (e.g. FETCH_ALLOWED_HOSTS=127.0.0.1 to try a local server); the body may hold FETCH_MAX_BODY_BYTES
(5 MiB); HTML, XHTML and plain text only; the charset from the Content-Type header or the page. robots.txt is
not asked: one page a person asked for is not crawling (as in a browser, curl or trafilatura's fetch_url).
A refusal is printed with the fetcher's code, e.g.
  newsflow extract: http://127.0.0.1/: FETCH_ADDRESS_BLOCKED: refusing to connect to 127.0.0.1 (…)

Exit codes: 0 an article was found (--batch: any page extracted), 1 none was found (the reason on stderr)
or the page was refused (its code on stderr: CLI_INPUT_TOO_LARGE, FETCH_ADDRESS_BLOCKED, FETCH_NOT_FOUND…),
2 bad arguments, 3 the file, folder, stdin or URL could not be read (for a URL: a code that may pass on a
retry: FETCH_NETWORK, a timeout, a 5xx or 429 answer).
`;
