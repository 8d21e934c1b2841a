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

A page (as read, and once gunzipped) may hold at most 20 MiB.

Exit codes: 0 an article was found (--batch: any page extracted), 1 none was found (the reason on stderr)
or the page was refused, 2 bad arguments, 3 the file, folder, stdin or URL could not be read.
`;
