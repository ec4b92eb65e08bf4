import { LICENSE_TYPES, type LicenseType } from '../domain/license.js';
import { plural } from '../domain/plural.js';
import { moveLicense } from '../ingest/license-move.js';
import { resolveProduct } from '../queries/products.query.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, UsageError, withAccount, writeLine } from './cli-command.js';

const usage = `licbot licenses move --code CODE --product NAME [--type SUL|MUL|HWK] --by EMAIL [--account SLUG]
  Moves the license with that full activation code to another product (an existing one,
  matched by unique prefix) and/or type, with its sessions, in one transaction recorded in
  the audit log. PUT /api/v1/licenses refuses such a change; this makes it on purpose.`;

export const licensesCommand: CliCommand = {
  name: 'licenses',
  summary: 'move a license to another product or type on purpose (audited)',
  usage,
  async run(argv, ctx) {
    const [action, ...rest] = argv;
    if (action !== 'move') {
      throw new UsageError(action ? `Unknown licenses action "${action}".` : 'licenses needs an action: move.');
    }
    const { values } = parseFlags(rest, {
      ...ACCOUNT_FLAG,
      code: { type: 'string' },
      product: { type: 'string' },
      type: { type: 'string' },
      by: { type: 'string' },
    });
    const code = values.code?.trim();
    if (!code) throw new UsageError('licenses move needs --code with the full activation code.');
    if (!values.product?.trim()) throw new UsageError('licenses move needs --product NAME, the product to move it to.');
    const type = values.type?.trim().toUpperCase();
    if (type !== undefined && !(LICENSE_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--type must be one of ${LICENSE_TYPES.join(', ')} (got "${values.type}").`);
    }
    const by = values.by?.trim();
    if (!by || !/^[^\s@]+@[^\s@]+$/.test(by)) {
      throw new UsageError('--by must give the email of the admin making the change (it goes to the audit log).');
    }
    const move = await withAccount(ctx.config, values.account, async (em, account) => {
      const product = await resolveProduct(em, account.id, values.product as string);
      return moveLicense(
        em,
        account.id,
        { code, productId: product.id, type: type as LicenseType | undefined, by },
        ctx.config.HASH_SECRET,
      );
    });
    writeLine(
      ctx.stdout,
      `Moved ${move.shown} from ${move.from.product} ${move.from.type} to ${move.to.product} ${move.to.type} ` +
        `with ${plural(move.sessions, 'session')}; its events and counters stay with it. Recorded in the audit log as license.move by ${by}.`,
    );
    return 0;
  },
};
