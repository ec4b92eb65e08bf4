import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createSlackDelivery } from '../../../src/platforms/slack/slack-delivery.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { captureLogs } from '../../helpers/log-capture.js';

describe("the Slack Web API client's warnings go to the log, not the console", () => {
  const slack = new FakeSlack();
  const printed: string[] = [];
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('logs a dropped connection of a scheduled post as a warning of the slack component', async () => {
    const logs = captureLogs('info');
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
    });
    const delivery = createSlackDelivery(config, logs.logger);
    slack.inject('chat.postMessage', { drop: true });
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    await expect(delivery.postToChannel('C0REPORTS', { text: 'Weekly report', notes: [] })).rejects.toThrow();
    vi.restoreAllMocks();
    const warnings = logs.entries().filter((e) => e.component === 'slack' && e.level === 40);
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringContaining('http request failed')]);
    expect(printed.filter((p) => p.includes('web-api'))).toEqual([]);
  });
});
