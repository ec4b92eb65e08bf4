// The import rules of docs/architecture.md ("Import rules"), checked by `npm run check`.
// Leaf modules every layer may use: errors, logger, config types.
const shared = '^src/(errors|logger|config)\\.ts$';

/** `from` may import only its own folder, the listed folders, shared leaves and npm packages. */
function onlyImports(name, from, allowed, comment) {
  const allowedPaths = [from, shared, ...allowed].map((p) => `(${p})`).join('|');
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^(src|jobs)/', pathNot: allowedPaths },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make start-up order and tests fragile.',
      from: {},
      to: { circular: true },
    },
    onlyImports('domain-is-pure', '^src/domain/', [], 'domain/ holds pure rules and imports nothing of ours.'),
    onlyImports('db-layer', '^src/db/', ['^src/domain/'], 'db/ may use only domain types.'),
    onlyImports(
      'accounts-layer',
      '^src/accounts/',
      ['^src/db/', '^src/domain/'],
      'accounts/ is write-side admin: db and domain.',
    ),
    onlyImports(
      'queries-layer',
      '^src/queries/',
      ['^src/db/', '^src/domain/'],
      'queries/ reads through db/ and domain/.',
    ),
    onlyImports(
      'ingest-layer',
      '^src/ingest/',
      ['^src/db/', '^src/domain/', '^src/accounts/'],
      'ingest/ writes through db/ and domain/.',
    ),
    onlyImports(
      'seed-layer',
      '^src/seed/',
      ['^src/db/', '^src/domain/', '^src/accounts/', '^src/ingest/'],
      'seed/ generates demo data (pure) and bulk-loads it through db/.',
    ),
    onlyImports(
      'reports-layer',
      '^src/reports/',
      ['^src/queries/', '^src/domain/', '^src/db/'],
      'reports/ composes queries.',
    ),
    onlyImports(
      'core-layer',
      '^src/core/',
      [
        '^src/queries/',
        '^src/ingest/',
        '^src/reports/',
        '^src/domain/',
        '^src/db/',
        '^src/accounts/',
        '^jobs/queues\\.ts$',
      ],
      'core/ commands know nothing of the platform they are typed on.',
    ),
    {
      name: 'core-is-platform-neutral',
      comment: 'A command does not know where it was typed: no chat SDKs or schedulers in core/.',
      severity: 'error',
      from: { path: '^src/(core|domain|queries|ingest|reports|db)/' },
      to: { path: 'node_modules/(@slack/|botbuilder|bullmq|node-cron)' },
    },
    {
      name: 'botbuilder-only-in-teams',
      comment: 'All Bot Framework code lives in platforms/teams (one folder to move to its successor).',
      severity: 'error',
      from: { pathNot: '^src/platforms/teams/' },
      to: { path: 'node_modules/(botbuilder|botframework-)' },
    },
    {
      name: 'slack-sdk-only-in-slack',
      severity: 'error',
      from: { pathNot: '^src/platforms/slack/' },
      to: { path: 'node_modules/@slack/' },
    },
    {
      name: 'platforms-are-independent',
      comment: 'Slack and Teams never import each other.',
      severity: 'error',
      from: { path: '^src/platforms/(slack|teams)/' },
      to: { path: '^src/platforms/', pathNot: ['^src/platforms/$1/', '^src/platforms/text/'] },
    },
    {
      name: 'src-uses-only-job-queues',
      comment:
        'src/ may enqueue work (jobs/queues.ts) but never runs processors; only the CLI entry points (licbot worker, scheduler, serve --with-workers) start them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|cli/)' },
      to: { path: '^jobs/', pathNot: '^jobs/queues\\.ts$' },
    },
    {
      name: 'nothing-imports-tests-or-bench',
      severity: 'error',
      from: { path: '^(src|jobs)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
