import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempDir } from './helpers.ts';

describe('dragnet analyze / trace / report / resolve on the example case', () => {
  let dir: string;
  let tmp: string;
  beforeAll(async () => {
    tmp = await tempDir();
    dir = join(tmp, 'case');
    await cli('case', 'init', dir, '--name', 'Example');
    await cli('ingest', dir, join(REPO, 'examples/canonical'));
  });

  it('refuses a report before any analysis, with a hint', async () => {
    const r = await cli('report', dir, '--format', 'md', '--out', join(tmp, 'early.md'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: the case has no findings yet/);
    expect(r.err).toMatch(/hint: run: dragnet analyze/);
  });

  it('prints the findings JSON of CONTRACT §4', async () => {
    const r = await cli('analyze', dir, '--json');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.out);
    expect(f.schemaVersion).toBe(1);
    expect(f.case).toMatchObject({ name: 'Example', evidence: 7 });
    for (const k of [
      'participants',
      'networks',
      'droppers',
      'exchangers',
      'channelsFlagged',
      'endRecipients',
      'turnoverUsd',
    ]) {
      expect(typeof f.summary[k]).toBe('number');
    }
    for (const k of ['persons', 'accounts', 'channels', 'networks', 'endRecipients', 'crossCase'])
      expect(Array.isArray(f[k])).toBe(true);
    // Every role carries reasons a person can read.
    for (const a of f.accounts) for (const role of a.roles) expect(role.reasons.length).toBeGreaterThan(0);
  });

  it('rejects a rules file with a wrong key, naming the file', async () => {
    const rules = join(tmp, 'rules.json');
    await (await import('node:fs/promises')).writeFile(
      rules,
      '{"dropper": {"minCounterpartiesPerDay": "many"}}',
    );
    const r = await cli('analyze', dir, '--rules', rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain(rules);
  });

  it('writes the report in both languages, with footnotes, and as PDF when Chromium is there', async () => {
    const md = join(tmp, 'r.md');
    expect((await cli('report', dir, '--lang', 'en', '--format', 'md', '--out', md)).code).toBe(0);
    const text = await readFile(md, 'utf8');
    expect(text).toMatch(/^# Case summary «Example»/);
    // Every headline figure carries a footnote.
    expect(text).toMatch(/\[\^1\]:/);
    const html = join(tmp, 'r.html');
    expect((await cli('report', dir, '--lang', 'ru', '--format', 'html', '--out', html)).code).toBe(0);
    expect(await readFile(html, 'utf8')).toMatch(/<html/i);
    if (existsSync('/usr/bin/chromium')) {
      const pdf = join(tmp, 'r.pdf');
      expect((await cli('report', dir, '--format', 'pdf', '--out', pdf)).code).toBe(0);
      expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('traces forward from a dropper card to the end recipient, time-respecting', async () => {
    const r = await cli('trace', dir, '--from', '5395 4511 5838 7461', '--json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    expect(t.direction).toBe('forward');
    expect(t.endpoints.length).toBeGreaterThan(0);
    expect(t.endpoints.every((e: { usd: number }) => e.usd >= 0)).toBe(true);
    const none = await cli('trace', dir);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/--from or --to/);
  });

  it('records resolution decisions that persist', async () => {
    const r = await cli(
      'resolve',
      dir,
      '--keep-apart',
      'card:5395451158387461',
      'card:2200701237581191',
      '--json',
    );
    expect(r.code).toBe(0);
    const list = JSON.parse((await cli('resolve', dir, '--json')).out);
    expect(list.decisions).toHaveLength(1);
    expect(list.decisions[0].decision).toBe('keep_apart');
  });
});

describe('dragnet analyze on a case whose transfers have no USD rate', () => {
  let dir: string;
  /** The KZT transfers ingested. */
  let n: number;
  beforeAll(async () => {
    const tmp = await tempDir();
    dir = join(tmp, 'case');
    await cli('case', 'init', dir, '--name', 'KZT');
    // KZT transfers from the example statement, without its fx-rates.csv.
    const lines = (await readFile(join(REPO, 'examples/canonical/transfers.csv'), 'utf8')).split('\n');
    const kzt = lines.filter((l, i) => i === 0 || l.includes(',KZT,'));
    await writeFile(join(tmp, 'transfers.csv'), `${kzt.join('\n')}\n`);
    await cli('ingest', dir, join(tmp, 'transfers.csv'));
    n = kzt.length - 1;
  });

  it('prints the turnover as unknown and the warning, not "$0.00" alone', async () => {
    const r = await cli('analyze', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`participants' turnover unknown (no KZT→USD rate for ${n} transfers)`);
    expect(r.out).not.toMatch(/turnover \$0\.00\s*$/m);
    expect(r.out).toContain('flagged 0 channels or groups;');
    expect(r.err).toContain(`warning: ${n} transfers have no USD rate and count as $0`);
  });

  it('keeps the JSON fields, adding the count without a rate, and the warning on stderr only', async () => {
    const r = await cli('analyze', dir, '--json');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.out);
    expect(f.summary.turnoverUsd).toBe(0);
    expect(f.summary.unratedTransfers).toEqual({ count: n, byCurrency: { KZT: n } });
    expect(f.analysis.warnings[0]).toContain(`${n} transfers have no USD rate`);
    expect(r.err).toContain('warning: ');
  });
});
