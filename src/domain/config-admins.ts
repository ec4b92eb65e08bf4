/** The account the unprefixed ADMINS entries belong to: the one a single-account install uses. */
export const DEFAULT_ACCOUNT_SLUG = 'default';

/**
 * The ADMINS entries (`slack:U123`, `teams:<aad id>`, optionally `acme/slack:U123`) that
 * apply to one account, as `platform:id`. An unprefixed entry belongs to the `default`
 * account only: Slack member ids repeat across an Enterprise Grid's workspaces, so an
 * operator's entry must never make someone admin of every account.
 */
export function configAdminsFor(entries: readonly string[], accountSlug: string): string[] {
  return entries.flatMap((entry) => {
    const slash = entry.indexOf('/');
    const slug = slash === -1 ? DEFAULT_ACCOUNT_SLUG : entry.slice(0, slash);
    return slug === accountSlug ? [entry.slice(slash + 1)] : [];
  });
}
