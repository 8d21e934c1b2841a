import type { Command } from '../command.js';
import { articlesCommand } from './articles.js';
import { dlqCommand } from './dlq.js';
import { entitiesCommand } from './entities.js';
import { extractCommand } from './extract.js';
import { pushCommand } from './push.js';
import { reprocessCommand } from './reprocess.js';
import { statusCommand } from './status.js';
import { topicsCommand } from './topics.js';

/** Every sub-command, in the order `newsflow --help` lists them. Add new commands here. */
export const commands: readonly Command[] = [
  pushCommand,
  statusCommand,
  articlesCommand,
  dlqCommand,
  reprocessCommand,
  topicsCommand,
  extractCommand,
  entitiesCommand,
];
