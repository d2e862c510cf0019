// A manager's day: sign in, add an employee and their availability, import events, schedule one by
// hand and see the rule refusal, run the auto-scheduler and approve, see the board, get the PDF.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeProblems, businessDate, login, openBrowser, screenshot, startServer, type Server } from './harness';

let server: Server;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
const day = businessDate(2);
const REF_A = 990001;
const REF_B = 990002;

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('manager flows in the browser', () => {
  it('signs in and sees the dashboard', async () => {
    await login(page, server.url, 'manager@example.com');
    await page.getByRole('heading', { level: 1, name: /^Today,/ }).waitFor();
    await page.getByText('proposals waiting').first().waitFor();
  });

  it('adds an employee and their weekly availability', async () => {
    await page.getByRole('link', { name: 'Employees' }).click();
    await page.getByRole('button', { name: 'Add employee' }).click();
    await page.getByRole('button', { name: 'Add employee' }).last().click();
    await page.getByText('must not be blank').waitFor(); // client-side check, same words as the server
    await page.getByLabel('Name', { exact: true }).fill('Erin Testwell');
    await page.getByLabel('E-mail', { exact: true }).fill('erin@example.com');
    await page.getByLabel('Skills (comma separated)').fill('Supervisor');
    await page.getByRole('button', { name: 'Add employee' }).last().click();
    await page.waitForURL(/\/employees\/E\w+/);
    await page.getByRole('tab', { name: 'Availability' }).click();
    await page.getByRole('button', { name: 'Add Monday window' }).click();
    await page.getByRole('button', { name: 'Add Tuesday window' }).click();
    await page.getByLabel('Tuesday from').fill('10:00');
    await page.getByLabel('until').nth(1).fill('18:00');
    await page.getByRole('button', { name: 'Save weekly availability' }).click();
    await page.getByText('Weekly availability saved.').waitFor();
    await page.getByText('Days without a window are days off.').waitFor();
    await page.getByLabel('Override date').fill(businessDate(3));
    await page.getByRole('button', { name: 'Set override' }).click();
    await page
      .getByRole('heading', { name: /Manager overrides/ })
      .locator('..')
      .getByRole('button', { name: 'Remove' })
      .waitFor();
    const inForce = page.getByRole('region', { name: 'In force, next two weeks' });
    await inForce.getByText('override', { exact: true }).waitFor(); // the view follows each edit
    await inForce.getByText('weekly', { exact: true }).first().waitFor();
    await screenshot(page, 'flow-weekly-availability');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
  });

  it('imports events from CSV through the UI', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('button', { name: 'Import or sync events' }).click();
    const csv = [
      'Project Name,Project Reference Number,Location MVID,Store Number,Store Name,Start Date/Time,Due Date/Time,Estimated Time',
      `E2E Core Reset,${REF_A},MV1,901,E2E Store,${day} 00:00,${day} 23:59,390`,
      `E2E Demo Tasting,${REF_B},MV1,901,E2E Store,${day} 00:00,${day} 23:59,120`,
      `Broken Row,not-a-number,MV1,901,E2E Store,${day} 00:00,${day} 23:59,120`,
    ].join('\n');
    await page.getByRole('heading', { name: 'Event source' }).waitFor(); // the sync status beside the import
    await page.getByLabel('…or paste CSV or JSON').fill(csv);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported: 2 created, 0 updated, 0 unchanged, 1 rejected.').waitFor();
    await page.getByText(/Row \d+: Project Reference Number must be a positive whole number/).waitFor();
    await screenshot(page, 'flow-import');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported: 0 created, 0 updated, 2 unchanged, 1 rejected.').waitFor();
    // a JSON file chosen with the file picker
    const json = JSON.stringify([
      {
        project_ref_num: 990003,
        project_name: 'E2E Setup From JSON',
        event_type: 'Setup',
        start_datetime: `${day}T05:00:00Z`,
        due_datetime: `${day}T23:00:00Z`,
        estimated_time: 15,
      },
    ]);
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'events.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.getByText('events.json:').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported: 1 created, 0 updated, 0 unchanged, 0 rejected.').waitFor();
  });

  it('creates, edits and deletes an event with the form', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByText('must be a positive whole number').waitFor();
    await page.getByLabel('Reference number').fill('990050');
    await page.getByLabel('Project name').fill('E2E Hand-made Demo');
    await page.getByLabel('Event type').selectOption('Demo');
    await page.getByLabel('Earliest start date').fill(day);
    await page.getByLabel('Due date').fill(day);
    await page.getByLabel('Due time').fill('08:00');
    await page.getByLabel('Earliest start time').fill('09:00');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByText('must be after the earliest start').waitFor();
    await page.getByLabel('Due time').fill('18:00');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByRole('heading', { level: 1, name: 'E2E Hand-made Demo' }).waitFor();
    await page.locator('dl.props dd', { hasText: /, 09:00$/ }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Project name').fill('E2E Hand-made Demo (renamed)');
    await page.getByRole('button', { name: 'Save event' }).click();
    await page.getByRole('heading', { level: 1, name: 'E2E Hand-made Demo (renamed)' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/events$/);
  });

  it('schedules an event by hand: shows the verdict live, then the server’s refusal', async () => {
    await page.getByLabel('Search name, store or ref').fill(String(REF_A));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'E2E Core Reset' }).click();
    await page.getByRole('heading', { name: 'Schedule by hand' }).waitFor();
    // Imported as local times of the business zone; shown the same although the browser is in Tokyo.
    await page.locator('dl.props dd', { hasText: /, 00:00$/ }).waitFor();
    await page.locator('dl.props dd', { hasText: /, 23:59$/ }).waitFor();
    const employee = page.getByLabel('Employee', { exact: true });
    const erin = await employee.locator('option', { hasText: 'Erin Testwell' }).getAttribute('value');
    await employee.selectOption(erin!);
    await page.getByText('The rules do not allow this:').waitFor();
    await page.locator('.verdict .violations').getByText(/skill/i).first().waitFor();
    await page.getByRole('list', { name: 'Candidates' }).getByText('allowed', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByText('Refused by the server:').waitFor();
    await screenshot(page, 'flow-manual-refusal');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
  });

  it('runs the auto-scheduler and approves every proposal', async () => {
    await page.getByRole('link', { name: 'Auto-scheduler' }).click();
    await page.getByLabel('From', { exact: true }).fill(businessDate(0));
    await page.getByLabel('To', { exact: true }).fill(businessDate(6));
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.locator('#run-h').getByText('completed').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Proposals' }).waitFor();
    await page
      .getByRole('button', { name: /^Approve proposal/ })
      .first()
      .waitFor();
    await screenshot(page, 'flow-proposals');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
    // The rules the run used, as a table a manager can read.
    await page.getByText('Rules in force for this run').click();
    await page.getByRole('cell', { name: '10:15, 10:45, 11:15, 11:45' }).waitFor();
    await page.getByText(/at most 2 events per employee a day · at most 2400 minutes per employee a week/).waitFor();
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
    await page.getByText('Rules in force for this run').click();
    // The editor offers who the rules allow at that time, beside the run's other proposals;
    // moving a proposal to one of them is accepted and re-worded as the manager's choice.
    const rows = page.locator('li').filter({ has: page.getByRole('button', { name: /^Approve proposal/ }) });
    let moved = false;
    for (let i = 0; i < Math.min(await rows.count(), 8) && !moved; i += 1) {
      const row = rows.nth(i);
      await row.getByRole('button', { name: 'Edit' }).click();
      const editor = row.getByRole('form', { name: /^Edit proposal/ });
      await editor.getByText(/\d+ of \d+ active employees are allowed/).waitFor();
      const select = editor.getByLabel('Employee');
      const current = await select.inputValue();
      const choices = await select
        .locator('option')
        .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
      // Eligible employees come first, each marked.
      const marks = choices.map((c) => c.text.endsWith('— allowed'));
      const firstBlocked = marks.indexOf(false);
      expect(firstBlocked === -1 || !marks.slice(firstBlocked).includes(true), 'allowed first').toBe(true);
      const other = choices.find((c) => c.value !== current && c.text.endsWith('— allowed'));
      if (!other) {
        await row.getByRole('button', { name: 'Edit' }).click();
        continue;
      }
      // One the rules refuse: the editor says why and will not send it.
      const refused = choices.find((c) => c.text.includes('broken'));
      if (refused) {
        await select.selectOption(refused.value);
        await editor.getByText(/would break:$/).waitFor();
        expect(await editor.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      }
      await select.selectOption(other.value);
      await editor.getByText(/✓ Every rule allows .+ then\./).waitFor();
      await screenshot(page, 'flow-proposal-editor');
      await editor.getByRole('button', { name: 'Save' }).click();
      await page.getByText(new RegExp(`^Edited by a manager: .*\\(${other.value}\\) on `)).waitFor();
      moved = true;
    }
    expect(moved, 'some proposal could go to another allowed employee').toBe(true);
    // Reject one and keep its employee off the event: it leaves the review list.
    const open = await rows.count();
    const keepOff = page
      .getByRole('button', { name: /^Reject, keep off: proposal \d+, .+ not proposed for this event again$/ })
      .last();
    page.once('dialog', (d) => void d.accept());
    await keepOff.click();
    await expect.poll(() => rows.count()).toBe(open - 1);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Approve all' }).click();
    await page.getByText(/\d+ approved, \d+ refused\./).waitFor({ timeout: 30_000 });
    await page.getByText('No proposals wait for review in this run.').waitFor();
    await page.getByRole('heading', { name: 'Events it could not place' }).waitFor();
  });

  it('reads the run’s notification and marks it read', async () => {
    await page.getByRole('link', { name: /^Notifications, \d+ unread$/ }).click();
    await page.getByText('Scheduler run completed').first().waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });

  it('shows the approved work on the board, in week and day views', async () => {
    await page.getByRole('link', { name: 'Schedule board' }).click();
    await page.getByRole('region', { name: 'Assignments by employee' }).waitFor();
    await expect.poll(() => page.locator('.chip').count()).toBeGreaterThan(0);
    // The demo's approved time off (Aisha Johnson, Wednesday and Thursday) is marked on her row.
    await expect.poll(() => page.getByRole('cell', { name: /^Aisha Johnson, .*: on time off, / }).count()).toBe(2);
    await screenshot(page, 'flow-board-week');
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await page.getByRole('columnheader', { name: '10:00' }).waitFor();
    // This week's Monday, which the demo staffs by hand: today may have nothing left to
    // show late in the day, as a run proposes no start that has passed.
    const today = businessDate(0);
    const monday = businessDate(-((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7));
    await page.goto(`${server.url}/board?view=day&date=${monday}`);
    await page.getByRole('columnheader', { name: '10:00' }).waitFor();
    // The day view draws each shift across the hours it covers: as wide as its start–end says.
    await page.locator('.chip.bar').first().waitFor();
    const column = (await page.getByRole('columnheader', { name: '10:00' }).boundingBox())!.width;
    const bars = page.locator('.chip.bar');
    for (let i = 0; i < Math.min(await bars.count(), 6); i += 1) {
      const m = (await bars.nth(i).locator('.t').innerText()).match(/^(\d\d):(\d\d)–(\d\d):(\d\d)$/);
      expect(m, 'a bar shows its start and end').not.toBeNull();
      const [h1, m1, h2, m2] = m!.slice(1).map(Number);
      const hours = Math.max((Math.min(h2 * 60 + m2, 22 * 60) - (h1 * 60 + m1)) / 60, 0.75); // short ones are drawn 45 minutes wide
      expect((await bars.nth(i).boundingBox())!.width / column).toBeCloseTo(hours, 0);
    }
    await screenshot(page, 'flow-board-day');
  });

  it('moves an assignment without dragging, checked before saving', async () => {
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    const chip = page.locator('.chip').first();
    await chip.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Move / }).waitFor();
    const select = page.locator('.move-panel').getByLabel('Employee');
    // The day is chosen among the event's window, not typed.
    expect(await page.locator('.move-panel').getByLabel('Day').locator('option').count()).toBeGreaterThan(0);
    const options = await select.locator('option').allTextContents();
    const current = await select.inputValue();
    const other = (
      await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    ).find((v) => v !== current)!;
    expect(options.length).toBeGreaterThan(1);
    // Each employee carries the rules' verdict for that day and time.
    await expect
      .poll(async () =>
        (await select.locator('option').allTextContents()).every((t) => / — (allowed|\d+ rules? broken)$/.test(t)),
      )
      .toBe(true);
    await select.selectOption(other);
    await page
      .locator('.move-panel')
      .getByText(/The rules (allow|do not allow) this move/)
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('saves a move over the rules with a reason, and the board marks it', async () => {
    const chip = page.locator('.chip').first();
    await chip.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('.move-panel');
    await panel.getByLabel('Start').fill('11:05'); // no event type starts at 11:05
    await panel.getByText('The rules do not allow this move').waitFor();
    await panel.getByLabel('Save anyway (manager override)').check();
    await panel.getByLabel('Reason for the override').fill('store asked for it');
    await panel.getByRole('button', { name: 'Save move' }).click();
    await panel.waitFor({ state: 'detached' });
    const marked = page.locator('.chip', { has: page.locator('.override-mark') });
    await expect.poll(() => marked.count()).toBe(1);
    expect(await marked.getAttribute('title')).toContain('saved over the rules: store asked for it');
  });

  it('drags an assignment to another person and sees the check before saving', async () => {
    const chip = page.locator('.chip').first();
    const id = (await chip.getAttribute('data-schedule-id'))!;
    const row = page.getByRole('row').filter({ has: chip });
    const cells = row.getByRole('cell');
    const count = await cells.count();
    let column = 0;
    for (let i = 0; i < count; i++)
      if (await cells.nth(i).locator('.chip').count()) {
        column = i;
        break;
      }
    const otherRow = page
      .getByRole('row')
      .filter({ hasNot: page.locator(`.chip[data-schedule-id="${id}"]`) })
      .nth(2);
    await chip.dragTo(otherRow.getByRole('cell').nth(column));
    await page.getByRole('heading', { name: /^Move / }).waitFor();
    await page
      .locator('.move-panel')
      .getByText(/The rules (allow|do not allow) this move/)
      .waitFor();
    await screenshot(page, 'flow-board-move');
    expect(await axeProblems(page), 'accessibility problems').toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('.move-panel').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('chip'))).toBe(true);
  });

  it('drops on the hour under a day-view bar, not on the bar', async () => {
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    const bars = page.locator('.chip.bar');
    await bars.first().waitFor();
    let pick = -1;
    let startHour = 0;
    for (let i = 0; i < (await bars.count()) && pick < 0; i += 1) {
      const m = (await bars.nth(i).locator('.t').innerText()).match(/^(\d\d):\d\d–(\d\d):\d\d$/);
      if (m && Number(m[2]) - Number(m[1]) >= 4) {
        pick = i;
        startHour = Number(m[1]);
      }
    }
    expect(pick, 'a bar of four hours or more').toBeGreaterThanOrEqual(0);
    const bar = bars.nth(pick);
    const hour = startHour + 2;
    // (A row whose bars overlap has a lane each, so the hour's cell may be there twice.)
    const target = page
      .getByRole('row')
      .filter({ has: bar })
      .getByRole('cell', { name: new RegExp(`, ${hour}:00: `) })
      .first();
    await bar.dragTo(target, { force: true }); // the bar covers the cell until the drag starts
    await page.getByRole('heading', { name: /^Move / }).waitFor();
    expect(await page.locator('.move-panel').getByLabel('Start').inputValue()).toMatch(
      new RegExp(`^${String(hour).padStart(2, '0')}:`),
    );
    await page.keyboard.press('Escape');
    await page.locator('.move-panel').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Week', exact: true }).click();
  });

  it('adds a daily checklist and downloads the daily paperwork PDF', async () => {
    await page.getByRole('link', { name: 'Paperwork & exports' }).click();
    await page.getByRole('button', { name: 'New checklist' }).click();
    await page.getByRole('button', { name: 'Save checklist' }).click();
    await page.getByText('must not be blank').waitFor();
    await page.getByLabel('Checklist name').fill('E2E closing checklist');
    await page.getByLabel('Lines (one per line)').fill('Lights off\nDoors locked');
    await page.getByRole('button', { name: 'Save checklist' }).click();
    await page.getByRole('button', { name: 'Edit E2E closing checklist' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file!).subarray(0, 4).toString()).toBe('%PDF');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    expect(readFileSync((await csv.path())!).toString().length).toBeGreaterThan(0);
    // a subscribable calendar feed link that works without signing in
    const feed = page.getByRole('region', { name: 'Calendar feed link' });
    await feed.getByLabel('Employee').selectOption('E0001');
    await feed.getByRole('button', { name: 'Create link' }).click();
    const url = await feed.getByLabel('Feed URL').inputValue();
    const ics = await fetch(url);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR/);
  });

  it('approves a pending time-off request', async () => {
    await page.getByRole('link', { name: 'Time off' }).click();
    const approve = page.getByRole('button', { name: /^Approve time off for / }).first();
    const who = (await approve.getAttribute('aria-label'))!.replace('Approve time off for ', '');
    await page.getByLabel('Note (optional)').first().fill('Enjoy');
    await approve.click();
    await page.getByLabel('Status').selectOption('approved');
    await page.getByText(who).first().waitFor();
  });

  it('shows the audit log with before and after of a change', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Resource').selectOption('employee');
    await page.getByRole('cell', { name: 'create' }).first().waitFor();
    await page
      .getByRole('button', { name: /\d+ fields?/ })
      .first()
      .click();
    await page.getByRole('table', { name: 'Before and after' }).getByText('Erin Testwell').first().waitFor();
  });

  it('signs out and back in after the access token is lost (silent refresh)', async () => {
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('kairos.session')!);
      localStorage.setItem('kairos.session', JSON.stringify({ ...s, access_token: 'expired' }));
    });
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
    await page.getByLabel('E-mail').fill('manager@example.com');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
  });

  it('returns to a deep link after signing in', async () => {
    await page.goto(`${server.url}/events?condition=Unstaffed`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('E-mail').fill('manager@example.com');
    await page.getByLabel('Password').fill('kairos-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/events\?condition=Unstaffed$/);
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
  });

  it('lets an admin change the business time zone, checked like the server checks it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
    await login(page, server.url, 'admin@example.com');
    await page.goto(`${server.url}/settings`);
    const tz = page.getByRole('form', { name: 'timezone' });
    await tz.getByRole('textbox').fill('Mars/Olympus');
    await tz.getByRole('button', { name: 'Save' }).click();
    await tz.getByText('"Mars/Olympus" is not an IANA time zone name such as America/Chicago').waitFor();
    await tz.getByRole('textbox').fill('America/Los_Angeles');
    await tz.getByRole('button', { name: 'Save' }).click();
    await tz.getByText('Saved').waitFor();
    await page.getByText('Times in PST').waitFor();
    // Every role shows times in the business zone, not only the admin who may read settings.
    for (const who of ['manager@example.com', 'admin@example.com']) {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
      await login(page, server.url, who);
      await page.getByText('Times in PST').waitFor();
    }
  });

  it('lets an admin add a user and issue an API key shown once', async () => {
    await page.goto(`${server.url}/admin`);
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('E-mail').fill('new.person@example.com');
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Add user' }).click();
    await form.getByText('must have at least 8 characters').waitFor();
    await form.getByLabel('Password').fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Add user' }).click();
    await form.getByText('Created new.person@example.com.').waitFor();
    await page.getByRole('cell', { name: 'new.person@example.com' }).waitFor();
    const keys = page.getByRole('form', { name: 'Issue an API key' });
    await keys.getByLabel('Name').fill('e2e integration');
    await keys.getByRole('button', { name: 'Issue key' }).click();
    await page.getByText('Copy this key now; it is not shown again:').waitFor();
    const key = await page.locator('code.mono').textContent();
    expect(key).toMatch(/^kairos_/);
    await page.getByText('e2e integration').waitFor();
  });
});
