import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { sessionsCondensedCsv } from '../../src/reports/sessions.report.js';

describe('sessionsCondensedCsv', () => {
  it('keeps the active sessions the chat table shows as "(1 active)" in their own column', async () => {
    const csv = await buffer(
      sessionsCondensedCsv([
        { userEmail: 'ann@x.com', productName: 'AGi32', sessions: 3, activeSessions: 1, durationSeconds: 5400 },
        { userEmail: 'bob@x.com', productName: 'Licaso', sessions: 1, activeSessions: 0, durationSeconds: 60 },
      ]),
    );
    expect(csv.toString('utf8')).toBe(
      '\uFEFFEmail,Program,Sessions,Active Sessions,Duration,Duration Seconds\n' +
        'ann@x.com,AGi32,3,1,1:30:00,5400\n' +
        'bob@x.com,Licaso,1,0,0:01:00,60\n',
    );
  });
});
