/**
 * The 50 admins of bench/load: each types a slash command, reads the answer, thinks, and
 * types the next, through Slack's signed HTTP path to the real server. The ack is timed
 * (Slack's 3 s deadline; our target is p99 under 300 ms), and so is the full reply when it
 * comes later through the response_url (a reply with a table block, or "Working on it…").
 */
import type { FakeSlack } from '../../test/helpers/fake-slack.js';
import { slackSignature } from '../../test/helpers/slack-request.js';

/** What admins type, with how often (weights): reads mostly, a chart, a CSV, a typo. */
function commandMix(now: Date): { command: string; text: string; weight: number }[] {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
  return [
    { command: '/licstats', text: '', weight: 20 },
    { command: '/licstats', text: 'agi', weight: 10 },
    { command: '/licstats', text: 'toolbox', weight: 5 },
    { command: '/licstats', text: 'flags', weight: 10 },
    { command: '/licstats', text: 'usage elum days 14', weight: 4 },
    { command: '/licstats', text: 'csv', weight: 3 },
    { command: '/licstats', text: 'subscriptions', weight: 3 },
    { command: '/licstats', text: 'help', weight: 2 },
    { command: '/licstats', text: 'flgs', weight: 2 },
    { command: '/sessions', text: '', weight: 15 },
    { command: '/sessions', text: 'condensed', weight: 10 },
    { command: '/sessions', text: 'full toolbox', weight: 6 },
    { command: '/sessions', text: `condensed from ${weekAgo}`, weight: 5 },
    { command: '/sessions', text: 'csv', weight: 2 },
  ];
}

export interface CommandSample {
  /** ms since the run began, when the command was typed. */
  at: number;
  command: string;
  ackMs: number;
  /** Until the answer was complete: the ack itself, or the response_url post after it. */
  replyMs?: number;
  error?: string;
}

/**
 * Sees response_url posts as they reach the fake Slack, and keeps its call log short: a
 * 10-minute soak would otherwise keep every call (uploads with their bytes) in memory.
 */
export class SlackWatch {
  private readonly waiting = new Map<string, (at: number) => void>();
  private timer: NodeJS.Timeout;
  readonly counts: Record<string, number> = {};

  constructor(private readonly slack: FakeSlack) {
    this.timer = setInterval(() => this.drain(), 5);
  }

  /** Resolves with the instant (performance.now) the fake got a post to this response_url. */
  reply(responseUrl: string): Promise<number> {
    const id = responseUrl.split('/').pop()!;
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  forget(responseUrl: string): void {
    this.waiting.delete(responseUrl.split('/').pop()!);
  }

  private drain(): void {
    const now = performance.now();
    for (const call of this.slack.calls.splice(0)) {
      const kind = call.kind === 'api' ? call.name : call.kind;
      this.counts[kind] = (this.counts[kind] ?? 0) + 1;
      if (call.kind !== 'response') continue;
      this.waiting.get(call.name)?.(now);
      this.waiting.delete(call.name);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.drain();
  }
}

export interface AdminsPlan {
  port: number;
  secret: string;
  team: string;
  users: string[];
  /** Think time between an answer and the next command, uniform in [min, max] ms. */
  thinkMs: [number, number];
  t0: number;
  until: number;
  slack: FakeSlack;
  watch: SlackWatch;
}

const REPLY_TIMEOUT_MS = 60_000;
/** Slack shows the user an error when the ack takes longer than this. */
const SLACK_ACK_DEADLINE_MS = 3000;

async function typeCommand(plan: AdminsPlan, user: string, command: string, text: string): Promise<CommandSample> {
  const responseUrl = plan.slack.responseUrl();
  const body = new URLSearchParams({
    command,
    text,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: plan.team,
    channel_id: 'C0ADMINS',
    response_url: responseUrl,
    trigger_id: `t.${user}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const replied = plan.watch.reply(responseUrl);
  const started = performance.now();
  const sample: CommandSample = { at: started - plan.t0, command: `${command} ${text}`.trim(), ackMs: 0 };
  try {
    const response = await fetch(`http://127.0.0.1:${plan.port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(plan.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const ack = await response.text();
    sample.ackMs = performance.now() - started;
    if (response.status !== 200) {
      sample.error = `ack http ${response.status}`;
      return sample;
    }
    if (sample.ackMs > SLACK_ACK_DEADLINE_MS) sample.error = "ack after Slack's 3 s deadline";
    const message = ack ? (JSON.parse(ack) as { text?: string }) : undefined;
    if (message && message.text !== 'Working on it…') {
      sample.replyMs = sample.ackMs;
      if (message.text?.startsWith('Sorry, something went wrong')) sample.error ??= 'apology';
      return sample;
    }
    const at = await Promise.race([replied, new Promise<undefined>((r) => setTimeout(r, REPLY_TIMEOUT_MS))]);
    if (at === undefined) sample.error ??= 'no reply on the response_url';
    else sample.replyMs = at - started;
    return sample;
  } catch (error) {
    sample.ackMs = performance.now() - started;
    sample.error = `ack ${(error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message}`;
    return sample;
  } finally {
    plan.watch.forget(responseUrl);
  }
}

/** Runs every admin until `plan.until` (performance.now); resolves with every command's sample. */
export async function runAdmins(plan: AdminsPlan): Promise<CommandSample[]> {
  const samples: CommandSample[] = [];
  const mix = commandMix(new Date());
  const totalWeight = mix.reduce((n, c) => n + c.weight, 0);
  const pick = () => {
    let r = Math.random() * totalWeight;
    for (const c of mix) {
      r -= c.weight;
      if (r < 0) return c;
    }
    return mix[0]!;
  };
  const [min, max] = plan.thinkMs;
  const think = () => min + Math.random() * (max - min);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await Promise.all(
    plan.users.map(async (user) => {
      // Admins do not all start typing in the same second.
      await sleep(Math.random() * max);
      while (performance.now() < plan.until) {
        const { command, text } = pick();
        samples.push(await typeCommand(plan, user, command, text));
        await sleep(Math.min(think(), plan.until - performance.now()));
      }
    }),
  );
  return samples;
}
