/**
 * bench/slack: 50 concurrent signed `/licstats` commands for 30 s against a real LicBot
 * server (child process) on the large dataset, with the Slack Web API faked locally.
 * Reports ack latency p50/p99 and errors, beside the raw-SQL baseline of the stats query.
 *
 *   npx tsx bench/slack.ts            (DATABASE_URL defaults to the seeded licbot_large)
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=50 BENCH_TEXT="flags" npx tsx bench/slack.ts
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { slackSignature } from '../test/helpers/slack-request.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot_large';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TEXT = process.env.BENCH_TEXT ?? '';
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const SECRET = 'bench-signing-secret-0123456789abcdef';
const TEAM = 'T0BENCH';
const ADMIN = 'UBENCH';

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy at ${url}`);
}

/** The plain stats aggregate over every event (no rollup), straight through pg: what the command would cost without access_event_daily. */
async function rawStatsBaseline(runs: number): Promise<{ p50: number; p99: number }> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const [account] = (await client.query(`select id from account where slug = 'default'`)).rows;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await client.query(
      `select l.id, count(e.*) filter (where e.mode = 'full') full_access, count(e.*) filter (where e.mode in ('limited','declined','take_denied')) limited,
              count(e.*) filter (where e.mode in ('declined','take_denied')) declined, count(e.*) filter (where e.mode = 'take') takes,
              count(e.*) filter (where e.mode = 'take_denied') take_denied, count(e.*) filter (where e.mode = 'checkout') checkouts
         from license l left join access_event e on e.license_id = l.id
        where l.account_id = $1 group by l.id`,
      [account.id],
    );
    times.push(performance.now() - t);
  }
  await client.end();
  times.sort((a, b) => a - b);
  return { p50: round(times[Math.floor(runs * 0.5)] ?? 0), p99: round(times[Math.floor(runs * 0.99)] ?? 0) };
}

const round = (n: number) => Math.round(n * 100) / 100;

function peakRssMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  // BENCH_NODE_ARGS (e.g. --cpu-prof) go to the server process, for profiling.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL,
      PORT: String(PORT),
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: slack.apiUrl,
      ADMINS: `slack:${ADMIN}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/healthz`);
    const body = new URLSearchParams({
      command: '/licstats',
      text: TEXT,
      user_id: ADMIN,
      team_id: TEAM,
      channel_id: 'C0BENCH',
      user_name: 'bench',
      response_url: slack.responseUrl(),
      trigger_id: 't.bench',
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SECRET, timestamp, body),
    };
    // Warm-up: links the workspace (single-account auto-link) and fills connection pools.
    const warm = await fetch(`http://127.0.0.1:${PORT}/slack/events`, { method: 'POST', headers, body });
    const warmText = await warm.text();
    if (!warm.ok) throw new Error(`warm-up request failed: ${warm.status} ${warmText}`);
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}/slack/events`,
      method: 'POST',
      headers,
      body,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const baseline = await rawStatsBaseline(50);
    const workingOnIt = slack.responses().length;
    console.log(
      JSON.stringify(
        {
          bench: 'slack',
          command: `/licstats ${TEXT}`.trim(),
          connections: CONNECTIONS,
          seconds: SECONDS,
          requests: result.requests.total,
          requestsPerSecond: round(result.requests.average),
          ackLatencyMs: {
            p50: result.latency.p50,
            p90: result.latency.p90,
            p99: result.latency.p99,
            max: result.latency.max,
          },
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          answeredLaterViaResponseUrl: workingOnIt,
          replyBytes: warmText.length,
          serverPeakRssMb: server.pid ? peakRssMb(server.pid) : undefined,
          rawSqlNaiveStatsAggregateMs: baseline,
          targets: { p99UnderMs: 300, errors: 0 },
        },
        null,
        2,
      ),
    );
  } finally {
    server.kill('SIGTERM');
    await slack.stop();
  }
}

await main();
