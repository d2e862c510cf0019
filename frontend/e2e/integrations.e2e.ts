// Integrations: an admin runs jobs and sees their runs, switches one off (the server's 409 shown),
// sets a job's schedule, registers a webhook (the secret shown once), sends a test to a real local
// receiver and reads the delivery log and the outbound messages; a manager reads the audit findings
// (and cannot open webhooks or outbound messages); a member sees none of it.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  axeProblems,
  login,
  menuLinks,
  openBrowser,
  screenshot,
  startServer,
  type Server,
} from './harness';

let server: Server;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let receiver: HttpServer;
let receiverUrl = '';
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  // A webhook receiver: /ok answers 204, /broken answers 500.
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = req.url === '/broken' ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  browser = await openBrowser(DESKTOP);
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((r) => receiver?.close(r));
});

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
}

function jobCard(name: string) {
  return page.getByRole('region', { name, exact: true });
}

describe('admin: jobs', () => {
  it('opens the jobs screen from the navigation and runs a job', async () => {
    await login(page, server.url, 'admin@example.com');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByText('Integrations').waitFor();
    await nav.getByRole('link', { name: 'Jobs' }).click();
    await page.waitForURL(/\/integrations\/jobs$/);
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    for (const name of ['daily_audit', 'deliveries', 'event_sync', 'auto_scheduler']) await jobCard(name).waitFor();

    const audit = jobCard('daily_audit');
    await audit.getByText('never', { exact: true }).waitFor();
    await audit.getByRole('button', { name: 'Run now' }).click();
    await audit.getByText(/daily_audit succeeded/).waitFor();
    await audit
      .getByText(/unstaffed events: \d+/)
      .first()
      .waitFor();
    await audit.getByText('ok', { exact: true }).waitFor(); // the state badge follows the run
    await audit.getByRole('button', { name: 'Run history' }).click();
    const runs = audit.getByRole('table', { name: /Runs of daily_audit/ });
    await runs.getByRole('cell', { name: 'manual' }).waitFor();
    await runs.getByText('succeeded').waitFor();
    await screenshot(page, 'flow-jobs-run');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
  });

  it('switches a job off, is refused a run in the server words, and switches it back on', async () => {
    const sync = jobCard('event_sync');
    await sync.getByRole('button', { name: 'Switch off' }).click();
    await sync.getByText('switched off').first().waitFor();
    await sync.getByRole('button', { name: 'Run now' }).click();
    await sync.getByRole('alert').getByText('job event_sync is switched off').waitFor(); // the 409's detail
    await screenshot(page, 'flow-jobs-refused');
    await sync.getByRole('button', { name: 'Switch on' }).click();
    await sync.getByRole('button', { name: 'Switch off' }).waitFor();
  });

  it('sets a job schedule through its setting, checked first', async () => {
    const audit = jobCard('daily_audit');
    const at = audit.getByLabel('Daily at');
    await at.waitFor();
    await at.fill('25:00');
    await audit.getByRole('button', { name: 'Save schedule' }).click();
    await audit.getByText('must be a time such as 06:00').waitFor();
    await at.fill('7:30');
    await audit.getByRole('button', { name: 'Save schedule' }).click();
    await audit.getByRole('status').getByText('Saved').waitFor();
    await page.reload();
    await expect.poll(() => jobCard('daily_audit').getByLabel('Daily at').inputValue()).toBe('07:30');
    await jobCard('event_sync').getByLabel('Interval (minutes)').waitFor();
  });
});

describe('admin: webhooks', () => {
  let secret = '';

  it('adds a webhook and sees the secret once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const form = page.getByRole('form', { name: 'New webhook' });
    await form.getByLabel('URL').fill('ftp://nope');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await form.getByText('must be 1 to 100 characters').waitFor(); // the server's words, checked first
    await form.getByText('must be an http:// or https:// URL').waitFor();
    await form.getByText('must name at least one event type').waitFor();
    await form.getByLabel('Name').fill('Payroll');
    await form.getByLabel('URL').fill(`${receiverUrl}/ok`);
    await form.getByLabel('schedule.created').check();
    await form.getByLabel('time_off.approved').check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const box = page.getByRole('region', { name: 'Signing secret for Payroll' });
    await box.getByText('Copy this secret now; it is not shown again.').waitFor();
    secret = await box.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    await box.getByRole('button', { name: 'Copy secret' }).waitFor();
    const card = page.getByRole('region', { name: 'Payroll', exact: true });
    await card.getByText('schedule.created').waitFor();
    await card.getByText('time_off.approved').waitFor();
    await screenshot(page, 'flow-webhook-secret');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
  });

  it('sends a test, signed with that secret, and sees the delivery and its attempt', async () => {
    const card = page.getByRole('region', { name: 'Payroll', exact: true });
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText(/Test delivered: HTTP 204/).waitFor();
    const log = card.getByRole('table', { name: /Deliveries/ });
    await log.getByRole('cell', { name: 'webhook.test' }).waitFor();
    await log.getByText('delivered', { exact: true }).waitFor();
    await log.getByText('HTTP 204').waitFor();
    // The receiver got it, signed with the secret shown once.
    const got = received.find((r) => r.path === '/ok');
    expect(got).toBeDefined();
    const expected = `v1=${createHmac('sha256', secret).update(`${got!.headers['kairos-timestamp']}.${got!.body}`).digest('hex')}`;
    expect(got!.headers['kairos-signature']).toBe(expected);
    await screenshot(page, 'flow-webhook-delivery');
  });

  it('edits the webhook to a failing receiver and sees the failed attempt with its error', async () => {
    const card = page.getByRole('region', { name: 'Payroll', exact: true });
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = card.getByRole('form', { name: 'Edit Payroll' });
    await form.getByLabel('Name').fill('Payroll (staging)');
    await form.getByLabel('URL').fill(`${receiverUrl}/broken`);
    await form.getByLabel('New secret (optional)').fill('short');
    await form.getByRole('button', { name: 'Save webhook' }).click();
    await form.getByText('must be 16 to 200 characters').waitFor();
    await form.getByLabel('New secret (optional)').fill('');
    await form.getByRole('button', { name: 'Save webhook' }).click();
    const renamed = page.getByRole('region', { name: 'Payroll (staging)', exact: true });
    await renamed.getByText(`${receiverUrl}/broken`).waitFor();
    await renamed.getByRole('button', { name: 'Send test' }).click();
    await renamed.getByText(/Test not delivered: HTTP 500/).waitFor();
    const log = renamed.getByRole('table', { name: /Deliveries/ });
    await log.getByText('HTTP 500').waitFor();
    await log.getByText('pending', { exact: true }).waitFor(); // retried later with back-off
    await log.getByText('HTTP 204').waitFor(); // the first test is still in the log
    await screenshot(page, 'flow-webhook-failed');
  });

  it('sees both tests on the outbound messages screen, with their status, and filters them', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Outbound messages' }).click();
    await page.waitForURL(/\/integrations\/deliveries$/);
    await page.getByRole('heading', { level: 1, name: 'Outbound messages' }).waitFor();
    const table = page.getByRole('table', { name: /Outbound messages/ });
    const ok = table.getByRole('row').filter({ hasText: `${receiverUrl}/ok` });
    const broken = table.getByRole('row').filter({ hasText: `${receiverUrl}/broken` });
    await ok.getByText('webhook.test').waitFor();
    await ok.getByText('Webhook', { exact: true }).waitFor();
    await ok.getByText('delivered', { exact: true }).waitFor();
    await ok.getByText('1 attempt', { exact: true }).waitFor();
    await broken.getByText('pending', { exact: true }).waitFor();
    await broken.getByText(/next try/).waitFor();
    await broken.getByText('the receiver answered 500 Internal Server Error').first().waitFor(); // its last error
    await broken.getByText('1 attempt', { exact: true }).click(); // opens the attempt log
    await broken.getByText('HTTP 500').waitFor();
    await screenshot(page, 'flow-outbound-messages');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);

    await page.getByLabel('Status').selectOption('delivered');
    await page.waitForURL(/status=delivered/);
    await broken.waitFor({ state: 'detached' });
    await ok.waitFor();
    await page.getByLabel('Event type').selectOption('webhook.test');
    await page.waitForURL(/event=webhook.test/);
    await ok.waitFor();
    await page.getByLabel('Channel').selectOption('email');
    await page.getByText('No messages match these filters.').waitFor();
    await page.reload(); // the filters live in the address
    await page.getByText('No messages match these filters.').waitFor();
    expect(await page.getByLabel('Channel').inputValue()).toBe('email');
    await nav.getByRole('link', { name: 'Webhooks' }).click();
  });

  it('does not show the secret again, and deletes the webhook', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByRole('region', { name: 'Payroll (staging)', exact: true }).waitFor();
    expect(await page.getByText('Copy this secret now').count()).toBe(0);
    expect(await page.getByText(secret).count()).toBe(0);
    page.once('dialog', (d) => void d.accept());
    await page
      .getByRole('region', { name: 'Payroll (staging)', exact: true })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('No webhooks yet.').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('manager: audit findings', () => {
  it('reads the daily audit findings, filters them, and cannot reach webhooks', async () => {
    await signOut();
    await page.setViewportSize(PHONE);
    await login(page, server.url, 'manager@example.com');
    const links = await menuLinks(page);
    expect(links).toEqual(expect.arrayContaining(['Jobs', 'Audit findings']));
    expect(links).not.toContain('Webhooks');
    // Managers follow outbound messages (e-mails of their notifications); webhooks are admins'.
    expect(links).toContain('Outbound messages');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit findings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit findings' }).waitFor();
    // The admin's run above found these; run the check again from here too.
    await page.getByRole('button', { name: 'Run the check now' }).click();
    await page.getByText(/Check succeeded/).waitFor();
    const table = page.getByRole('table');
    await table.getByText('Unstaffed event').first().waitFor();
    await table
      .getByText(/is due .* and nobody is scheduled/)
      .first()
      .waitFor();
    await table
      .getByText(/^event:\d+$/)
      .first()
      .waitFor();
    await table.getByText('open', { exact: true }).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-flow-findings');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);

    await page.getByLabel('Kind').selectOption('audit.attendance_missing');
    await page.waitForURL(/kind=audit.attendance_missing/);
    await page.getByLabel('Show').selectOption('resolved');
    await page.getByText('No resolved findings of this kind.').waitFor();

    // A subject links to where it is seen.
    await page.getByLabel('Kind').selectOption('audit.unstaffed_event');
    await page.getByLabel('Show').selectOption('open');
    const link = page
      .getByRole('table')
      .getByRole('link', { name: /^Event \d+$/ })
      .first();
    const ref = (await link.textContent())!.replace('Event ', '');
    await link.click();
    await page.waitForURL(new RegExp(`/events\\?q=${ref}`));

    await page.goto(`${server.url}/integrations/jobs`);
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await jobCard('daily_audit').getByRole('button', { name: 'Run now' }).waitFor();
    expect(await page.getByRole('button', { name: /Switch (off|on)/ }).count()).toBe(0); // admins only
    expect(await page.getByLabel('Daily at').count()).toBe(0);
    await screenshot(page, 'phone-flow-jobs-manager');
    await page.goto(`${server.url}/integrations/webhooks`);
    await page.getByText('Your role does not allow this screen.').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await page.goto(`${server.url}/integrations/deliveries`);
    await page.getByRole('heading', { level: 1, name: 'Outbound messages' }).waitFor();
    expect(await page.getByText('Your role does not allow this screen.').count()).toBe(0);
  });
});

describe('member: no integrations', () => {
  it('has no integrations links and is refused the screens', async () => {
    await signOut();
    await login(page, server.url, 'member@example.com');
    await page.waitForURL(/\/me$/);
    const links = await menuLinks(page);
    expect(links).toEqual(['My schedule', 'Your account']);
    for (const path of [
      '/integrations/jobs',
      '/integrations/findings',
      '/integrations/webhooks',
      '/integrations/deliveries',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.getByText('Your role does not allow this screen.').waitFor();
    }
    expect(pageErrors).toEqual([]);
  });
});
