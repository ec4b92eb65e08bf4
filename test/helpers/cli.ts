import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `licbot <argv…>` in-process with this environment; returns its exit code and output. */
export async function runLicbot(argv: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c) => out.push(Buffer.from(c)));
  stderr.on('data', (c) => err.push(Buffer.from(c)));
  const code = await runCli(argv, { stdout, stderr }, { LOG_LEVEL: 'silent', ...env });
  return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
}
