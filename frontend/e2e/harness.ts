// Starts the real `kairos` server on a fresh SQLite data dir and drives Debian's Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const frontendDir = path.resolve(here, '..');
export const repoRoot = path.resolve(frontendDir, '..');
export const outDir = path.join(frontendDir, 'test-output');

export const PASSWORD = 'kairos-demo';
export const TZ = 'America/Indiana/Indianapolis';

export function kairosBin(): string {
  if (process.env.KAIROS_BIN) return path.resolve(process.env.KAIROS_BIN);
  const target = process.env.CARGO_TARGET_DIR
    ? path.resolve(repoRoot, process.env.CARGO_TARGET_DIR)
    : path.join(repoRoot, 'target');
  return path.join(target, 'debug', 'kairos');
}

export interface Server {
  url: string;
  stop: () => Promise<void>;
  log: () => string;
}

export async function startServer(opts: { demo?: boolean } = { demo: true }): Promise<Server> {
  const bin = kairosBin();
  if (!existsSync(bin))
    throw new Error(`kairos binary not found at ${bin}; build it (cargo build -p kairos-server) or set KAIROS_BIN`);
  const dist = path.join(frontendDir, 'dist');
  if (!existsSync(path.join(dist, 'index.html')))
    throw new Error('frontend/dist is missing; run `npm run build` first');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAIROS_DATA_DIR: dataDir,
    KAIROS_BIND: '127.0.0.1:0',
    KAIROS_FRONTEND_DIR: dist,
    KAIROS_TICK_SECONDS: '0',
    KAIROS_WORKERS: '2',
    KAIROS_LOGIN_IP_LIMIT: '1000',
    KAIROS_LOGIN_ACCOUNT_LIMIT: '1000',
    RUST_LOG: 'warn',
  };
  delete env.DATABASE_URL; // always the fresh SQLite file in the data dir
  delete env.KAIROS_CONFIG;
  const child: ChildProcess = spawn(bin, ['serve', ...(opts.demo === false ? [] : ['--demo'])], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = output.match(/Kairos is running at (http:\/\/[^\s/]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    log: () => output,
    stop: async () => {
      if (child.exitCode == null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode == null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1366, height: 900 };

export async function openBrowser(
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kairos-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    acceptDownloads: true,
    timezoneId: 'Asia/Tokyo', // a browser zone far from the business zone, so zone mistakes show
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function login(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * The links of the main navigation, read from the phone menu. The menu closes on every change of
 * screen (and a sign-in may still be redirecting when it is first opened), so this opens it again
 * whenever it is found closed and reads it until the account's links are in; it fails if they
 * never appear.
 */
export async function menuLinks(page: Page): Promise<string[]> {
  const button = page.getByRole('button', { name: 'Menu' });
  const nav = page.locator('nav[aria-label="Main"]');
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const links = await nav.getByRole('link').allTextContents();
    const open = (await button.getAttribute('aria-expanded')) === 'true';
    if (open && links.includes('Your account')) return links;
    if (Date.now() > deadline)
      throw new Error(`the menu never showed the account's links (read ${JSON.stringify(links)})`);
    await page.waitForTimeout(100);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(outDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  await page.screenshot({ path: path.join(dir, `${name}-top.png`) }); // what fits on the screen at once
}

/** The date of an instant in the business zone. */
export function businessDateOf(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
}

/** Today's date in the business zone, plus `days`. */
export function businessDate(days = 0): string {
  return businessDateOf(new Date(Date.now() + days * 86_400_000));
}

/** Accessibility problems axe-core finds on the page (serious and critical only), as readable lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`,
    );
}
