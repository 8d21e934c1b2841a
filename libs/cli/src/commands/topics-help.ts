import type { ArgsConfig } from '../command.js';

/** The flags of `newsflow topics`. */
export const topicsArgs = {
  options: {
    create: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const satisfies ArgsConfig;

/** What `newsflow topics --help` prints. */
export const topicsHelp = `Usage: newsflow topics [--create] [--json]

Lists every pipeline topic and its dead-letter topic with the partition count libs/contracts gives it and
what the broker has (names carry TOPIC_PREFIX). With --create, first creates the missing ones, exactly as
the services do at start-up (the Compose deployment's one-shot \`topics\` step runs this).

Options:
  --create      create missing topics
  --json        print [{topic, partitions, actual}] as JSON
  -h, --help    this text

Exit codes: 0 every topic exists with its partition count, 1 one is missing or has fewer partitions,
2 bad arguments, 3 Kafka could not be reached.
`;
