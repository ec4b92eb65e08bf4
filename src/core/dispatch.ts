import { UserError } from '../errors.js';
import type { CommandContext, CommandRequest } from './command.js';
import { resolveCommand } from './registry.js';
import type { Reply } from './reply.js';
import { requireRole } from './roles.js';

/**
 * Runs one typed command: resolve → authorize → parse → run. Errors propagate to the
 * platform's single error boundary (see core/boundary.ts). Authorizing before parsing means
 * someone without the role learns that first, not the command's syntax.
 */
export async function dispatch(request: CommandRequest, ctx: CommandContext): Promise<Reply> {
  // `public` may stand anywhere: it only changes who sees the reply.
  const wantsPublic = request.args.some((a) => a.toLowerCase() === 'public');
  const words = request.args.filter((a) => a.toLowerCase() !== 'public');
  const { command, args, possibleTypo } = resolveCommand(request.command, words);
  if (command.role !== 'anyone')
    await requireRole(ctx.em, request, command.role, ctx.config.ADMINS, `/${command.name}`);
  try {
    const parsed = command.parse(args);
    const reply = await command.run(parsed, { ...request, args, typedArgs: request.args }, ctx);
    return { visibility: wantsPublic ? 'public' : 'private', ...reply };
  } catch (error) {
    // `/licstats flgs` reaches the product lookup; say which subcommand was probably meant.
    if (possibleTypo && error instanceof UserError) {
      throw new UserError(`${error.message} Did you mean /${request.command} ${possibleTypo}?`, error.hint);
    }
    throw error;
  }
}
