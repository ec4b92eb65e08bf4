/** The commands Teams users type as messages (the same as Slack's slash commands). */
export const TEAMS_COMMANDS = ['licstats', 'sessions'] as const;

export interface TeamsCommandText {
  command: (typeof TEAMS_COMMANDS)[number];
  text: string;
}

/**
 * `licstats flags`, `/sessions full`, `LicStats` → the command and its words. Teams sends
 * non-breaking spaces and HTML entities from its compose box; they read as spaces here.
 * Anything else (a greeting, `help`) is undefined: the bot answers with help.
 */
export function parseCommandText(text: string): TeamsCommandText | undefined {
  const clean = text
    .replaceAll('&nbsp;', ' ')
    .replaceAll('\u00a0', ' ')
    .replace(/<\/?(p|div|span|br)[^>]*>/gi, ' ')
    .trim();
  const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(clean);
  const word = match?.[1]?.toLowerCase();
  const command = TEAMS_COMMANDS.find((c) => c === word);
  if (!command) return undefined;
  return { command, text: (match?.[2] ?? '').trim() };
}
