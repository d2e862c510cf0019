// Every screen at phone and desktop size: it renders without an error box, and a screenshot is
// saved under test-output/screenshots/ for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  axeProblems,
  businessDate,
  login,
  openBrowser,
  screenshot,
  startServer,
  type Server,
} from './harness';

const SCREENS: [string, string, string | RegExp][] = [
  ['dashboard', '/', 'Today,'],
  ['employees', '/employees', 'Employees'],
  ['employee', '/employees/E0001', 'Jordan Smith'],
  ['events', '/events', 'Events'],
  ['event', '/events/1', /\w/],
  ['board-week', '/board', 'Schedule board'],
  ['board-day', '/board?view=day', 'Schedule board'],
  ['scheduler', '/scheduler', 'Auto-scheduler'],
  ['time-off', '/time-off', 'Time-off requests'],
  ['rotations', '/rotations', 'Rotations'],
  ['attendance', '/attendance', 'Attendance'],
  ['paperwork', '/paperwork', 'Paperwork & exports'],
  ['audit', '/audit', 'Audit log'],
  ['settings', '/settings', 'Settings'],
  ['admin', '/admin', 'Users & API keys'],
  ['account', '/account', 'Your account'],
  ['notifications', '/notifications', 'Notifications'],
  ['jobs', '/integrations/jobs', 'Jobs'],
  ['findings', '/integrations/findings', 'Audit findings'],
  ['webhooks', '/integrations/webhooks', 'Webhooks'],
  ['deliveries', '/integrations/deliveries', 'Outbound messages'],
];

let server: Server;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const)('every screen on a %s', (size, viewport) => {
  it('renders each screen without errors', async () => {
    const browser = await openBrowser(viewport);
    try {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      const a11y: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/login`);
      await screenshot(page, `${size}-login`);
      a11y.push(...(await axeProblems(page)).map((p) => `${size} login: ${p}`));
      await login(page, server.url, 'admin@example.com');
      if (size === 'phone') {
        // A run with proposals, so the auto-scheduler screens show real content.
        const status = await page.evaluate(
          async ([from, to]) => {
            const { access_token } = JSON.parse(localStorage.getItem('kairos.session')!);
            const r = await fetch('/api/v1/scheduler/runs', {
              method: 'POST',
              headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ date_range_start: from, date_range_end: to }),
            });
            return r.status;
          },
          [businessDate(0), businessDate(6)],
        );
        expect(status).toBe(202);
        // Audit findings and a webhook (to an address nobody listens on) with a failed test, so those
        // screens and the outbound messages show content.
        const statuses = await page.evaluate(async () => {
          const { access_token } = JSON.parse(localStorage.getItem('kairos.session')!);
          const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
          const audit = await fetch('/api/v1/jobs/daily_audit/run', { method: 'POST', headers });
          const hook = await fetch('/api/v1/webhooks', {
            method: 'POST',
            headers,
            body: JSON.stringify({
              name: 'Payroll',
              url: 'http://127.0.0.1:9/hooks/kairos',
              event_types: ['schedule.created', 'time_off.approved'],
            }),
          });
          const { id } = (await hook.json()) as { id: number };
          const test = await fetch(`/api/v1/webhooks/${id}/test`, { method: 'POST', headers });
          return [audit.status, hook.status, test.status];
        });
        expect(statuses).toEqual([200, 201, 200]);
      }
      for (const [name, path, heading] of SCREENS) {
        await page.goto(`${server.url}${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
        await page.waitForLoadState('networkidle');
        await page
          .locator('[role=status]:has-text("Loading")')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        expect(await page.locator('.error-box').count(), `${name} shows an error`).toBe(0);
        await screenshot(page, `${size}-${name}`);
        if (size === 'phone') {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
        }
        a11y.push(...(await axeProblems(page)).map((p) => `${size} ${name}: ${p}`));
      }
      if (size === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await screenshot(page, 'phone-menu');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
      expect(a11y, 'accessibility problems (axe-core)').toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
