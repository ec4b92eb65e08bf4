import { linkWorkspace } from '../../src/accounts/workspace-link.service.js';
import type { Role } from '../../src/core/command.js';
import { commands } from '../../src/core/registry.js';
import type { Account } from '../../src/db/entities/index.js';
import { seedCommandFixture } from './command-fixture.js';
import { createDefaultAccount, type TestDatabase } from './test-database.js';

/** An id no subscription has, and a product no account has. */
export const MISSING_ID = '999999';
export const MISSING_PRODUCT = 'nosuchproduct';

/**
 * Words after the command name for each protected command: one naming something that exists
 * and one naming nothing, so a test can check both get the same refusal. `SUB` stands for an
 * existing subscription id.
 */
const TARGETS: Record<string, string[][]> = {
  licstats: [['agi'], [MISSING_PRODUCT]],
  'licstats csv': [['agi'], [MISSING_PRODUCT]],
  'licstats reset': [['agi'], [MISSING_PRODUCT]],
  'licstats undo-reset': [[]],
  'licstats flags': [[]],
  'licstats usage': [['elum'], [MISSING_PRODUCT]],
  'licstats subscribe': [['weekly'], ['weekly', '#nowhere', 'fri', '10:00']],
  'licstats unsubscribe': [['SUB'], [MISSING_ID]],
  'licstats pause': [['SUB'], [MISSING_ID]],
  'licstats resume': [['SUB'], [MISSING_ID]],
  'licstats subscriptions': [[]],
  'licstats alerts': [[], ['off']],
  'licstats admins': [
    ['add', '<@UADMIN>'],
    ['remove', '<@UNOBODY1>'],
  ],
  'licstats managers': [
    ['add', '<@UADMIN>'],
    ['remove', '<@UNOBODY1>'],
  ],
  sessions: [['agi'], [MISSING_PRODUCT]],
};

export interface ProtectedCall {
  /** The registry name, e.g. `licstats pause`. */
  name: string;
  role: Role;
  /** `/licstats` */
  command: string;
  /** Every text to type after the command, same command: `[existing, missing]`. */
  texts: string[];
}

/**
 * Every command of the registry that needs a role, with texts naming existing and missing
 * things. A command added without an entry in TARGETS fails the calling test, so a new
 * command cannot slip past the access checks.
 */
export function protectedCalls(subscriptionId: number): ProtectedCall[] {
  return commands
    .flatMap((c) => (c.role === 'anyone' ? [] : [{ ...c, role: c.role }]))
    .map((c) => {
      const targets = TARGETS[c.name];
      if (!targets) throw new Error(`test/helpers/protected-commands.ts: add the words to try "${c.name}" with`);
      const [command = '', ...sub] = c.name.split(' ');
      return {
        name: c.name,
        role: c.role,
        command: `/${command}`,
        texts: targets.map((words) =>
          [...sub, ...words.map((w) => (w === 'SUB' ? String(subscriptionId) : w))].join(' '),
        ),
      };
    });
}

/** What a refusal says for a command: the role it needs. */
export const refusalOf = (call: Pick<ProtectedCall, 'name' | 'role'>) =>
  `/${call.name} needs ${call.role === 'manager' ? 'the manager or admin role' : 'the admin role'}.`;

/**
 * Accounts `default` (with the command fixture's data) and `globex`, each linked to its own
 * workspace: with two accounts neither links itself.
 */
export async function twoLinkedAccounts(
  db: TestDatabase,
  platform: 'slack' | 'teams',
  workspaces: { acme: string; globex: string },
): Promise<{ acme: Account; globex: Account }> {
  const acme = await createDefaultAccount(db, 'default');
  const globex = await createDefaultAccount(db, 'globex');
  await linkWorkspace(db.em(), acme, platform, workspaces.acme, 'test');
  await linkWorkspace(db.em(), globex, platform, workspaces.globex, 'test');
  await seedCommandFixture(db, acme);
  return { acme, globex };
}
