import type { Command } from '../command.js';
import { entitiesCommand } from './entities.js';
import { extractCommand } from './extract.js';
import { reprocessCommand } from './reprocess.js';

/** Every sub-command, in the order `newsflow --help` lists them. Add new commands here. */
export const commands: readonly Command[] = [extractCommand, entitiesCommand, reprocessCommand];
