import type { ArgsConfig } from '../command.js';

/** The flags of `newsflow entities`. */
export const entitiesArgs = {
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    language: { type: 'string' },
    model: { type: 'string' },
    'max-tokens': { type: 'string' },
  },
} as const satisfies ArgsConfig;

/** What `newsflow entities --help` prints. */
export const entitiesHelp = `Usage: newsflow entities <file|-> [--json] [--language xx] [--force] [--model DIR] [--max-tokens N]

Prints the named entities (PERSON, ORG, LOCATION, MISC) of a plain-text article, name variants
merged ("Sergei Lavrov", "Lavrov" are one), most salient first. For an HTML page, extract it first:
  newsflow extract page.html | newsflow entities -

Like the entities service, it tags only text in a language the model was trained on (English):
other text, or text too short to tell, is not tagged and the reason is printed.

  <file|->          a text file, or - for stdin
  --json            print {entities, tokens, truncated, model} as JSON instead of a table
  --language xx     the text's language (ISO 639-1), instead of detecting it from the text
  --force           tag whatever the language (an English model on other languages finds garbage)
  --model DIR       model folder (default: the model committed in libs/entities/model)
  --max-tokens N    tag at most N tokens of the text (default 20000)

Exit codes: 0 printed (also when the language was not tagged), 1 the text could not be read (over 20 MiB:
CLI_INPUT_TOO_LARGE) or the model could not be loaded (ENTITIES_MODEL_INVALID), 2 bad arguments.
`;
