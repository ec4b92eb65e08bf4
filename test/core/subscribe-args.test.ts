import { describe, expect, it } from 'vitest';
import { parseSubscribeArgs } from '../../src/core/commands/subscribe-args.js';
import { UsageError } from '../../src/errors.js';

const words = (text: string) => text.split(' ').filter(Boolean);
const parse = (text: string) => parseSubscribeArgs(words(text));

/** The one-line reason and the hint of the UsageError the words give. */
function failure(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return `${(error as UsageError).message} | ${(error as UsageError).hint}`;
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseSubscribeArgs', () => {
  it('leaves everything unsaid to the defaults', () => {
    expect(parse('weekly')).toEqual({});
    expect(parse('WEEKLY')).toEqual({});
  });

  it('takes channel, day, time and zone in any order', () => {
    const all = {
      channel: { id: 'C0123', name: 'licenses' },
      weekday: 1,
      timeOfDay: '09:00',
      timeZone: 'Europe/Berlin',
    };
    expect(parse('weekly <#C0123|licenses> mon 09:00 Europe/Berlin')).toEqual(all);
    expect(parse('weekly Europe/Berlin 9:00 <#C0123|licenses> Monday')).toEqual(all);
    expect(parse('weekly every mon at 09:00 <#C0123|licenses> Europe/Berlin')).toEqual(all);
  });

  it('reads channels escaped with or without a name', () => {
    expect(parse('weekly <#C0999>').channel).toEqual({ id: 'C0999', name: undefined });
    expect(parse('weekly <#C0999|>').channel).toEqual({ id: 'C0999', name: undefined });
  });

  it('reads days by short name, full name or a longer start, in any case', () => {
    expect(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => parse(`weekly ${d}`).weekday)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(parse('weekly SUNDAY').weekday).toBe(7);
    expect(parse('weekly Tues').weekday).toBe(2);
    expect(parse('weekly thurs').weekday).toBe(4);
    expect(parse('weekly MON').weekday).toBe(1);
  });

  it('reads 24-hour times and pads the hour', () => {
    expect(parse('weekly 9:05').timeOfDay).toBe('09:05');
    expect(parse('weekly 00:00').timeOfDay).toBe('00:00');
    expect(parse('weekly 23:59').timeOfDay).toBe('23:59');
  });

  it('takes IANA zones, spelled the usual way', () => {
    expect(parse('weekly Asia/Kolkata').timeZone).toBe('Asia/Kolkata');
    expect(parse('weekly asia/kolkata').timeZone).toBe('Asia/Kolkata');
    expect(parse('weekly europe/berlin').timeZone).toBe('Europe/Berlin');
    expect(parse('weekly America/Port-au-Prince').timeZone).toBe('America/Port-au-Prince');
    expect(parse('weekly utc').timeZone).toBe('UTC');
    expect(parse('weekly UTC').timeZone).toBe('UTC');
  });

  it('explains a bad day, time or zone in one line with an example', () => {
    expect(failure('weekly funday')).toBe(
      '"funday" is not a day. | Use mon, tue, wed, … sun, e.g. /licstats subscribe weekly mon 09:00',
    );
    expect(failure('weekly mo')).toContain('"mo" is not a day.');
    for (const time of ['25:00', '9am', '09:60', '0900', '9']) {
      expect(failure(`weekly mon ${time}`)).toBe(
        `"${time}" is not a time of day. | Use 24-hour HH:MM, e.g. /licstats subscribe weekly mon 09:00 (or 17:30 for half past five).`,
      );
    }
    for (const zone of ['CET', 'EST', 'PST', 'IST', 'GMT', 'Japan', 'cet']) {
      expect(failure(`weekly mon 09:00 ${zone}`)).toMatch(
        new RegExp(`^"${zone}" is an abbreviation or old alias, not a time zone name\\. \\| Use an IANA zone name`),
      );
    }
    expect(failure('weekly Mars/Olympus_Mons')).toBe(
      '"Mars/Olympus_Mons" is not a time zone. | Use an IANA zone name such as Europe/Berlin, America/New_York, Asia/Kolkata or UTC, e.g. /licstats subscribe weekly mon 09:00 Europe/Berlin',
    );
  });

  it("sends a bare #name to Slack's autocomplete, since it carries no channel id", () => {
    expect(failure('weekly #licenses')).toBe(
      `LicBot cannot tell which channel "#licenses" is. | Pick the channel from Slack's # autocomplete (type # and choose it from the list), or type the command in the channel itself and leave the channel out (in Teams, always).`,
    );
    expect(failure('weekly <@U123|ann>')).toContain('<@U123|ann> is a person, not a channel.');
  });

  it('refuses a second day, time, zone or channel, and anything but weekly', () => {
    expect(failure('weekly mon tue')).toContain('Two days given (the second is "tue").');
    expect(failure('weekly 09:00 10:00')).toContain('Two times given');
    expect(failure('weekly UTC Europe/Berlin')).toContain('Two time zones given');
    expect(failure('weekly <#C1> <#C2>')).toContain('Two channels given');
    expect(failure('daily mon')).toBe(
      '"daily" is not a schedule: LicBot posts weekly reports. | Start with weekly, e.g. /licstats subscribe weekly mon 09:00',
    );
    expect(failure('')).toContain('Say which report to subscribe to.');
  });
});
