import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TEAM, useSlackHarness } from '../../helpers/slack-harness.js';
import { postSlashCommand } from '../../helpers/slack-request.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

type Message = { text: string; response_type?: string; blocks: { type: string; text?: { text: string } }[] };

describe('Slack: roles, workspaces and the 3-second ack', () => {
  const h = useSlackHarness();
  beforeAll(async () => {
    await createDefaultAccount(h().db, 'default');
  });

  async function command(user: string, text: string, team = TEAM): Promise<Message> {
    const res = await postSlashCommand(h().baseUrl, {
      command: '/licstats',
      text,
      user_id: user,
      team_id: team,
      response_url: h().slack.responseUrl(),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Message;
  }

  it('links the first workspace of a single-account install automatically', async () => {
    const reply = await command(ADMIN, 'admins');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Admins of default');
    expect(reply.blocks[1]?.text?.text).toBe(`• <@${ADMIN}> (from ADMINS setting)`);
    expect(await h().db.sql('select platform, external_id from workspace_link')).toEqual([
      { platform: 'slack', external_id: TEAM },
    ]);
  });

  it('tells a second, unlinked workspace how to link it and shows no data', async () => {
    const reply = await command(ADMIN, 'admins', 'T0OTHER');
    expect(reply.text).toContain('This Slack workspace is not linked to a LicBot account');
    expect(reply.text).toContain('licbot link slack T0OTHER --account SLUG');
    expect(reply.text).not.toContain('Admins of');
  });

  it('refuses role management to a non-admin, naming the role and who holds it', async () => {
    const reply = await command('UNOBODY', 'managers add <@UMGR|mia>');
    expect(reply.text).toBe(`/licstats managers needs the admin role.\nIt is held by <@${ADMIN}>.`);
    expect(await h().db.sql('select count(*)::int as n from role_assignment')).toEqual([{ n: 0 }]);
  });

  it('lets an admin add and remove managers and admins, auditing each change', async () => {
    expect((await command(ADMIN, 'managers add <@UMGR|mia>')).text).toBe('<@UMGR> is now a manager.');
    expect((await command(ADMIN, 'managers add <@UMGR|mia>')).text).toBe('<@UMGR> already is a manager.');
    expect((await command(ADMIN, 'admins add <@UADM2>')).text).toBe('<@UADM2> is now an admin.');
    const list = await command('UADM2', 'managers');
    expect(list.blocks[1]?.text?.text).toBe('• <@UMGR>');
    // A manager may not manage roles.
    expect((await command('UMGR', 'admins add <@UMGR>')).text).toContain('needs the admin role');
    expect((await command(ADMIN, 'managers remove <@UMGR>')).text).toBe('<@UMGR> is no longer a manager.');
    const audit = await h().db.sql<{ actor: string; action: string }>(
      'select actor, action from audit_log where action like $1 order by id',
      ['role.%'],
    );
    expect(audit).toEqual([
      { actor: `slack:${ADMIN}`, action: 'role.grant.manager' },
      { actor: `slack:${ADMIN}`, action: 'role.grant.admin' },
      { actor: `slack:${ADMIN}`, action: 'role.revoke.manager' },
    ]);
  });

  it('refuses to remove an admin that comes from the ADMINS setting', async () => {
    expect((await command(ADMIN, `admins remove <@${ADMIN}>`)).text).toContain(
      'is an admin through the ADMINS setting',
    );
  });

  it('explains a bad word with the usage, and suggests the closest subcommand', async () => {
    expect((await command(ADMIN, 'managers promote <@U1>')).text).toContain('"promote" is not add or remove.');
    expect((await command(ADMIN, 'managers add bob')).text).toContain('"bob" is not a user mention.');
    expect((await command(ADMIN, 'admns')).text).toContain('Did you mean /licstats admins?');
  });

  it('acks within 3 seconds when the database is slow, then answers through response_url', async () => {
    const locker = new pg.Client({ connectionString: h().db.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table role_assignment in access exclusive mode');
    const responseUrl = h().slack.responseUrl();
    const started = Date.now();
    const res = await postSlashCommand(h().baseUrl, {
      command: '/licstats',
      text: 'managers',
      user_id: ADMIN,
      team_id: TEAM,
      response_url: responseUrl,
    });
    const ackMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(((await res.json()) as Message).text).toBe('Working on it…');
    expect(ackMs).toBeLessThan(3000);
    expect(
      h()
        .slack.responses()
        .filter((r) => responseUrl.endsWith(`/${r.name}`)),
    ).toHaveLength(0);
    await locker.query('rollback');
    await locker.end();
    await h().slack.waitFor(() =>
      h()
        .slack.responses()
        .some((r) => responseUrl.endsWith(`/${r.name}`)),
    );
    const answer = h()
      .slack.responses()
      .find((r) => responseUrl.endsWith(`/${r.name}`));
    expect(String(answer?.params.text)).toContain('Managers of default');
    expect(answer?.params.replace_original).toBe(true);
  });
});
