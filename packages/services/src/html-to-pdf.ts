import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from './user-error.ts';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The first installed Chromium-family browser, or undefined. */
export function findChromium(): string | undefined {
  const fromEnv = process.env['DRAGNET_CHROMIUM'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return BROWSERS.find((b) => existsSync(b));
}

/**
 * Prints an HTML report to PDF with a headless Chromium (offline: network and extensions off), writing
 * through a temporary file so a failed print leaves nothing behind.
 */
export async function htmlToPdf(html: string, out: string): Promise<void> {
  const browser = findChromium();
  if (!browser) {
    throw new UserError('PDF needs a Chromium browser, and none is installed', {
      hint: 'install it (apt-get install chromium) or set DRAGNET_CHROMIUM, or write --format html and print it from a browser',
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-pdf-'));
  try {
    const page = join(dir, 'report.html');
    await writeFile(page, html);
    const tmpPdf = join(dir, 'report.pdf');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${tmpPdf}`,
      pathToFileURL(page).href,
    ];
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn(browser, args, { stdio: 'ignore' });
      p.on('error', () => resolve(-1));
      p.on('exit', resolve);
    });
    if (code !== 0 || !existsSync(tmpPdf))
      throw new UserError(`printing to PDF failed (${browser} exited ${code})`, { file: out });
    await rename(tmpPdf, out).catch(async () => {
      // Different file systems: copy via write.
      const { readFile } = await import('node:fs/promises');
      await writeFile(`${out}.tmp`, await readFile(tmpPdf));
      await rename(`${out}.tmp`, out);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
