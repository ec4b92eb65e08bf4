import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/logger.js';
import { captureLogs } from '../helpers/log-capture.js';

const capture = () => captureLogs();

const TOKEN = 'xoxb-1234567890-abcdefghijkl';
const KEY = 'lbk_C-pfcDbBl62FEdTsOugcPtZVeFSUN_pMqwuzJukuBGc';
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/123456/abcdefSECRET';

describe('log redaction', () => {
  it('redacts tokens, API keys, secrets and response URLs by field name and inside strings', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        token: TOKEN,
        config: { SLACK_SIGNING_SECRET: 'x', signingSecret: 'shh-signing' },
        req: { headers: { authorization: `Bearer ${KEY}` } },
        command: { response_url: RESPONSE_URL },
        note: `posting with ${TOKEN} to ${RESPONSE_URL}`,
        reqId: 'r-1',
      },
      `key ${KEY} used`,
    );
    logger.error({ err: new Error(`Slack refused ${TOKEN}`), jobId: 'weekly:1:2026-11-30' }, 'job failed');
    const text = lines.join('\n');
    for (const secret of [TOKEN, KEY, RESPONSE_URL, 'shh-signing', 'abcdefSECRET']) expect(text).not.toContain(secret);
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first.token).toBe('[redacted]');
    expect(first.req.headers.authorization).toBe('[redacted]');
    expect(first.command.response_url).toBe('[redacted]');
    expect(first.msg).toBe('key [redacted] used');
    expect(first.reqId).toBe('r-1');
    expect(second.jobId).toBe('weekly:1:2026-11-30');
    expect(second.err.message).toBe('Slack refused [redacted]');
  });

  it('hides the password of a connection URL', () => {
    expect(scrubSecrets('postgres://postgres:licbot-demo@127.0.0.1:5432/licbot')).toBe(
      'postgres://postgres:[redacted]@127.0.0.1:5432/licbot',
    );
  });
});
