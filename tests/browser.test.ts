import ICAL from 'ical.js';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { base } from './helpers/http';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

describe.skipIf(!chromiumAvailable())('in a real browser', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('a reader switches language on an event page and lands on the same event', async () => {
		const context = await browser.newContext({ locale: 'fr-FR' });
		const page = await context.newPage();
		await page.goto(`${base()}/`);
		expect(new URL(page.url()).pathname).toBe('/fr/');
		await page.getByRole('link', { name: 'Next Generation Internet Forum 2025' }).click();
		await page.waitForURL('**/fr/events/ngi-forum-2025');
		expect(await page.locator('html').getAttribute('lang')).toBe('fr');
		const dates = await page.locator('.facts dd').first().innerText();
		expect(dates.replace(/[\u2009\u202f\u00a0]/g, ' ')).toBe('jeudi 19 – vendredi 20 juin 2025');

		await page
			.getByRole('navigation', { name: 'Langue' })
			.getByRole('link', { name: 'English' })
			.click();
		await page.waitForURL('**/en/events/ngi-forum-2025');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(await page.locator('h1').innerText()).toBe('Next Generation Internet Forum 2025');
		expect(await page.getByRole('heading', { name: 'Add to my calendar' }).count()).toBe(1);

		// The choice is remembered: the bare address now opens in English.
		await page.goto(`${base()}/`);
		expect(new URL(page.url()).pathname).toBe('/en/');

		await page.goto(`${base()}/en/events/ngi-forum-2025`);
		await page
			.getByRole('navigation', { name: 'Language' })
			.getByRole('link', { name: 'Français' })
			.click();
		await page.waitForURL('**/fr/events/ngi-forum-2025');
		expect(await page.getByRole('heading', { name: 'Ajouter à mon agenda' }).count()).toBe(1);
		await context.close();
	});

	it("an attendee downloads the event's .ics and it holds the event", async () => {
		const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
		const page = await context.newPage();
		await page.goto(`${base()}/en/events/autonomie-numerique-communs-2025`);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Download the event (.ics)' }).click()
		]);
		expect(download.suggestedFilename()).toBe('autonomie-numerique-communs-2025.ics');
		const ics = fs.readFileSync((await download.path())!, 'utf8');
		const [vevent] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
		const event = new ICAL.Event(vevent);
		expect(event.summary).toBe('For digital autonomy built on the commons');
		expect(event.startDate.toString()).toBe('2025-07-01');
		expect(event.endDate.toString()).toBe('2025-07-02');
		await context.close();
	});
});
