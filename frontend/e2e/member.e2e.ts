// A member sees only their own schedule, availability and time-off requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  businessDate,
  businessDateOf,
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

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser({ width: 375, height: 812 });
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('member self-service', () => {
  it('lands on their own schedule with only that in the menu', async () => {
    await login(page, server.url, 'member@example.com');
    await page.waitForURL(/\/me$/);
    await page.getByRole('heading', { level: 1, name: 'My schedule' }).waitFor();
    await page.getByText('E0003').first().waitFor(); // the demo member is Marcus Chen, E0003
    const links = await menuLinks(page);
    expect(links).toEqual(['My schedule', 'Your account']);
  });

  it('is sent back to their own page from other screens', async () => {
    for (const path of ['/', '/employees', '/employees/E0001', '/events', '/board', '/rotations']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForURL(/\/me$/);
    }
    await page.goto(`${server.url}/settings`);
    await page.getByText('Your role does not allow this screen.').waitFor();
  });

  it('edits their own availability and requests time off, but not their profile', async () => {
    await page.goto(`${server.url}/me`);
    await page.getByRole('tab', { name: 'Profile' }).click();
    expect(await page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Availability' }).click();
    await page.getByRole('button', { name: 'Save weekly availability' }).waitFor();
    await page.getByRole('tab', { name: 'Time off' }).click();
    await page.getByLabel('First day').fill(businessDate(20));
    await page.getByLabel('Last day').fill(businessDate(19));
    await page.getByRole('button', { name: 'Request' }).click();
    await page.getByText('must not be before the first day').waitFor();
    await page.getByLabel('Last day').fill(businessDate(21));
    await page.getByRole('button', { name: 'Request' }).click();
    await page.getByText('Request sent; a manager will decide.').waitFor();
    await page.getByText('pending').first().waitFor();
    await screenshot(page, 'phone-member-time-off');
    await page.getByRole('tab', { name: 'Availability' }).click();
    await page.getByRole('button', { name: 'Save weekly availability' }).waitFor();
    await screenshot(page, 'phone-member-availability');
    const others = await page.getByText('Jordan Smith').count();
    expect(others).toBe(0);
  });
});

describe('member check-in', () => {
  it('checks in to today’s work from their own schedule', async () => {
    // A manager schedules the member (E0003) on a fresh event today, over the API.
    const api = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
      const r = await fetch(`${server.url}/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers: {
          'content-type': 'application/json',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    };
    const { body: tokens } = await api('/auth/login', {
      method: 'POST',
      body: { email: 'manager@example.com', password: 'kairos-demo' },
    });
    const today = businessDate(0);
    const created = await api('/events', {
      method: 'POST',
      token: tokens.access_token,
      body: {
        project_ref_num: 991001,
        project_name: 'Member Check-in Demo',
        event_type: 'Other',
        start_datetime: new Date(Date.now() - 3_600_000).toISOString(),
        due_datetime: new Date(Date.now() + 7_200_000).toISOString(),
        estimated_time: 30,
      },
    });
    expect(created.status).toBe(201);
    // Ten minutes ago, unless that was yesterday in the business zone (just after midnight there).
    const tenAgo = new Date(Date.now() - 600_000);
    const at = (businessDateOf(tenAgo) === today ? tenAgo : new Date(Date.now() + 60_000)).toISOString();
    const scheduled = await api('/schedules', {
      method: 'POST',
      token: tokens.access_token,
      body: {
        employee_id: 'E0003',
        event_ref_num: 991001,
        schedule_datetime: at,
        override_reason: 'e2e: a shift happening now',
      },
    });
    expect(scheduled.status).toBe(201);
    expect(today).toMatch(/^\d{4}-\d\d-\d\d$/);

    await page.goto(`${server.url}/me`);
    await page.getByRole('tab', { name: 'Schedule' }).click();
    await page.getByText('Member Check-in Demo').waitFor();
    await page.getByRole('button', { name: 'Check in now' }).click();
    await page.getByText('checked in', { exact: true }).waitFor();
  });
});

describe('viewer', () => {
  it('reads the roster and board but gets no write buttons or manager screens', async () => {
    await page.goto(`${server.url}/me`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
    await login(page, server.url, 'viewer@example.com');
    await page.getByRole('heading', { level: 1, name: /^Today,/ }).waitFor();
    await page.goto(`${server.url}/employees`);
    await page.getByRole('link', { name: 'Jordan Smith' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add employee' }).count()).toBe(0);
    const links = await menuLinks(page);
    expect(links).not.toContain('Auto-scheduler');
    expect(links).not.toContain('Settings');
    await page.goto(`${server.url}/scheduler`);
    await page.getByText('Your role does not allow this screen.').waitFor();
  });
});
