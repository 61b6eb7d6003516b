import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, formatRangeInZone, permalinkMarkdown } from './markdown';
import { permalinkStateV1Schema } from './view-state';

const state = permalinkStateV1Schema.parse(JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'state-v1.json'), 'utf8')));
const range = { fromMs: Date.UTC(2026, 10, 21, 10, 0), toMs: Date.UTC(2026, 10, 21, 10, 30) };

describe('permalinkMarkdown', () => {
  it('says what, where, when in the reader\'s zone, the key log line and the link', () => {
    const text = permalinkMarkdown({
      title: 'frontend · 2.31 s · error · HTTP POST /checkout trace',
      state: { ...state, range },
      url: 'https://weft.example/s/Ab3xY9Qw2Lm0',
      timeZone: 'Europe/Berlin',
    });
    expect(text).toBe(
      [
        '**frontend · 2.31 s · error · HTTP POST /checkout trace**',
        '- Where: trace `bd5a131c670a194676bcd097a4eac415` · span `4c6b5a0a4b9c3d21` (payment: charge) · 7 spans, 2 errors, 2.31 s · services checkout, frontend, payment',
        '- When: 2026-11-21 11:00:00 to 11:30:00 (UTC+01:00, Europe/Berlin)',
        '- Log: `error: payment declined (card_declined)`',
        '- Link: https://weft.example/s/Ab3xY9Qw2Lm0',
      ].join('\n'),
    );
  });

  it('uses UTC when no zone or an unknown zone is given, and leaves out what it does not know', () => {
    const text = permalinkMarkdown({ title: 'Alerts and SLOs', state: { summary: { kind: 'home' }, range }, url: 'http://x/s/a', timeZone: 'Mars/Olympus' });
    expect(text).toBe(['**Alerts and SLOs**', '- When: 2026-11-21 10:00:00 to 10:30:00 (UTC)', '- Link: http://x/s/a'].join('\n'));
  });
});

describe('formatRangeInZone', () => {
  it('repeats the date when the ends fall on different days there, and shows both offsets across a DST change', () => {
    expect(formatRangeInZone({ fromMs: Date.UTC(2026, 2, 28, 23, 30), toMs: Date.UTC(2026, 2, 29, 1, 30) }, 'Europe/Berlin')).toBe(
      '2026-03-29 00:30:00 to 03:30:00 (UTC+01:00/UTC+02:00, Europe/Berlin)',
    );
    expect(formatRangeInZone({ fromMs: Date.UTC(2026, 10, 21, 23, 0, 0, 5), toMs: Date.UTC(2026, 10, 22, 1, 0) }, 'UTC')).toBe(
      '2026-11-21 23:00:00.005 to 2026-11-22 01:00:00 (UTC)',
    );
    expect(formatRangeInZone({ fromMs: Date.UTC(2026, 10, 21, 10), toMs: Date.UTC(2026, 10, 21, 11) }, 'America/St_Johns')).toBe(
      '2026-11-21 06:30:00 to 07:30:00 (UTC-03:30, America/St_Johns)',
    );
  });
});

describe('escaping', () => {
  it('escapes formatting characters and keeps ordinary punctuation readable', () => {
    expect(escapeMarkdown('a*b_c [x](y) <b> 2.3 s - ok | `z`')).toBe('a\\*b\\_c \\[x\\](y) \\<b\\> 2.3 s - ok \\| \\`z\\`');
  });

  it('fences code with more backticks than it contains', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a `b` c')).toBe('`` a `b` c ``');
    expect(codeSpan('x ``` y')).toBe('```` x ``` y ````');
    expect(codeSpan('two\nlines')).toBe('`two lines`');
  });
});
