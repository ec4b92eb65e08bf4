import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.js';
import { cardBytes, MAX_CARD_BYTES, renderTeamsCard } from '../../../src/platforms/teams/adaptive-card.js';
import { cardSubmits, cardTables, cardTexts } from '../../helpers/teams-cards.js';

const bigReply = (rows: number): Reply => ({
  title: 'Session history',
  tables: [
    {
      columns: ['Start', 'Email', 'Program', 'Version', 'Machine', 'Duration'].map((header) => ({ header })),
      rows: Array.from({ length: rows }, (_, i) => [
        `2026-11-${String((i % 28) + 1).padStart(2, '0')} 09:00`,
        `person${i}@example.com`,
        'Photometric Power Tools',
        '2025.1',
        `WORKSTATION-${i}`,
        '1:00:00',
      ]),
      notes: [],
      moreRows: 250,
    },
  ],
});

describe('Adaptive Card renderer', () => {
  it('keeps a long result under the size limit: top rows, how many more, in order', () => {
    const card = renderTeamsCard(bigReply(2000));
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const [rows] = cardTables(card);
    const shown = (rows?.length ?? 1) - 1;
    expect(shown).toBeGreaterThan(10);
    expect(rows?.[1]?.[1]).toBe('person0@example.com');
    expect(cardTexts(card)).toContain(
      `…and ${(2000 - shown + 250).toLocaleString('en-US')} more rows. Use the CSV for all of them.`,
    );
  });

  it('fits any budget it is given, and a small result whole', () => {
    expect(cardBytes(renderTeamsCard(bigReply(2000), { maxBytes: 8000 }))).toBeLessThanOrEqual(8000);
    const small = renderTeamsCard(bigReply(3));
    expect(cardTables(small)[0]).toHaveLength(4);
  });

  it('keeps data literal: a machine named like a mention cannot ping anyone', () => {
    const card = renderTeamsCard({
      tables: [{ columns: [{ header: 'Machine' }], rows: [['<at>Everyone</at> **x**']], notes: [] }],
    });
    expect(JSON.stringify(card)).not.toContain('<at>Everyone</at>');
    expect(card.msteams.entities).toBeUndefined();
  });

  it('puts warnings in an emphasis container and asks before a dangerous button acts', () => {
    const card = renderTeamsCard({
      text: 'Reset?',
      notes: [{ level: 'warning', text: 'Careful' }],
      buttons: [
        {
          actionId: 'licbot:reset-confirm',
          label: 'Confirm',
          value: 'id-1',
          style: 'danger',
          confirm: { title: 'Are you sure?', text: 'Zero it', confirm: 'Yes, do it', deny: 'No' },
        },
        { actionId: 'licbot:reset-cancel', label: 'Cancel', value: 'id-1' },
      ],
    });
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'Container', style: 'emphasis' }));
    expect((card.actions ?? []).map((a) => a.type)).toEqual(['Action.ShowCard', 'Action.Submit']);
    expect(cardSubmits(card as never)).toEqual([
      expect.objectContaining({ title: 'Yes, do it', data: { licbot: 'licbot:reset-confirm', value: 'id-1' } }),
      expect.objectContaining({ title: 'Cancel', data: { licbot: 'licbot:reset-cancel', value: 'id-1' } }),
    ]);
  });
});
