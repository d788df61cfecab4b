import type { Command } from '../command';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { templateCommand } from './template';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { flagsCommand } from './flags';
import { reportCommand } from './report';

/** Every `stepwise` subcommand; each lives in its own file. */
export const COMMANDS: Command[] = [demoCommand, importCommand, templateCommand, flagsCommand, reportCommand, backupCommand, restoreCommand];
