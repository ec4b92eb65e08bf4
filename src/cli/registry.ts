import { accountCommand } from './account.cli.js';
import { alertsCommand } from './alerts.cli.js';
import { apikeyCommand } from './apikey.cli.js';
import type { CliCommand } from './cli-command.js';
import { demoCommand } from './demo.cli.js';
import { flagsCommand } from './flags.cli.js';
import { importCommand } from './import.cli.js';
import { licensesCommand } from './licenses.cli.js';
import { linkCommand } from './link.cli.js';
import { migrateCommand } from './migrate.cli.js';
import { reportCommand } from './report.cli.js';
import { resetCommand } from './reset.cli.js';
import { seedCommand } from './seed.cli.js';
import { serveCommand } from './serve.cli.js';
import { sessionsCommand } from './sessions.cli.js';
import { statsCommand } from './stats.cli.js';
import { subscriptionsCommand } from './subscriptions.cli.js';
import { schedulerCommand, workerCommand } from './worker.cli.js';

/** Every `licbot` command. Adding one is a new *.cli.ts file and a line here. */
export const cliCommands: CliCommand[] = [
  migrateCommand,
  serveCommand,
  workerCommand,
  schedulerCommand,
  demoCommand,
  seedCommand,
  accountCommand,
  apikeyCommand,
  linkCommand,
  importCommand,
  licensesCommand,
  statsCommand,
  sessionsCommand,
  flagsCommand,
  resetCommand,
  subscriptionsCommand,
  reportCommand,
  alertsCommand,
];
