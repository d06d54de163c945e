import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { loginCookie, makeOrganiser, postForm, useOwnServer } from './helpers/organiser';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);
type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

/** The editor's fields as the issue 11 contract names them, empty. */
const EMPTY_EVENT: Record<string, string> = Object.fromEntries(
	[
		'allDay',
		'startDate',
		'startTime',
		'endDate',
		'endTime',
		'startOccurrence',
		'endOccurrence',
		'timeZone',
		'country',
		'host',
		'slug',
		'version'
	]
		.concat(
			...['fr', 'en'].map((l) =>
				['title', 'summary', 'description', 'venue', 'city'].map((f) => `${f}_${l}`)
			)
		)
		.map((k) => [k, ''])
);

// This file creates, merges, cancels: a server and database of its own.
const server = useOwnServer();

describe.skipIf(!chromiumAvailable())("the organiser's day in a real browser", () => {
	let browser: Browser;
	let cookie = '';
	let adminCookie = '';
	let counter = 0;
	const dialogs: string[] = [];

	beforeAll(async () => {
		browser = await launchBrowser();
		const organiser = await makeOrganiser();
		cookie = await loginCookie(organiser.email, organiser.password);
		const admin = await makeOrganiser('admin');
		adminCookie = await loginCookie(admin.email, admin.password);
	});
	afterAll(async () => {
		await browser?.close();
	});

	/** A published timed event, made through the editor's own form post; its id. */
	async function publishedEvent(fields: Record<string, string> = {}): Promise<number> {
		const n = ++counter;
		const response = await postForm(
			'/en/organiser/events/new?/save',
			{
				...EMPTY_EVENT,
				startDate: '2031-05-20',
				startTime: '18:30',
				endDate: '2031-05-20',
				endTime: '21:00',
				timeZone: 'Europe/Paris',
				country: 'FR',
				title_fr: `Soirée des communs ${n}`,
				title_en: `Commons evening ${n}`,
				summary_en: 'An evening on digital commons.',
				venue_en: 'La Maison',
				city_en: 'Paris',
				intent: 'publish',
				...fields
			},
			{ cookie }
		);
		expect(response.status).toBe(303);
		return Number(/events\/(\d+)/.exec(response.headers.get('location')!)![1]);
	}

	async function publishedPost(): Promise<number> {
		const n = ++counter;
		const response = await postForm(
			'/en/organiser/posts/new?/save',
			{
				kind: 'article',
				eventId: '',
				publishedOn: '',
				mediaUrl: '',
				slug: '',
				title_fr: `Billet ${n}`,
				body_fr: 'Du **texte**.',
				title_en: `Post ${n}`,
				body_en: 'Some **text**.',
				version: '',
				intent: 'publish'
			},
			{ cookie }
		);
		expect(response.status).toBe(303);
		return Number(/posts\/(\d+)/.exec(response.headers.get('location')!)![1]);
	}

	async function contextWith(
		session: string,
		options: { javaScriptEnabled?: boolean; bypassCSP?: boolean; locale?: string } = {}
	) {
		const context = await browser.newContext({ locale: 'en-GB', ...options });
		const [name, value] = session.split('=') as [string, string];
		await context.addCookies([{ name, value, url: server().url }]);
		// The leave guard's questions: answered "leave", and remembered for the test that checks them.
		context.on('page', (page) =>
			page.on('dialog', (dialog) => {
				dialogs.push(dialog.message());
				void dialog.accept();
			})
		);
		return context;
	}

	function watchErrors(page: Page) {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		return errors;
	}

	/** The event editor is hydrated: the end date's "follows the start" hint only shows with JavaScript. */
	const hydrated = (page: Page) => page.locator('#endDate-hint').waitFor();
	const status = (page: Page) => page.locator('[role=status]').first().textContent();
	const focused = (page: Page) => page.evaluate(() => document.activeElement?.className ?? '');

	it(
		'merges what only one side changed, then shows only the field both changed, with both values; choosing theirs keeps theirs',
		{ timeout: 90_000 },
		async () => {
			const id = await publishedEvent();
			const context = await contextWith(cookie);
			const first = await context.newPage();
			const second = await context.newPage();
			const errors = [...watchErrors(first), ...watchErrors(second)];
			const url = `${server().url}/en/organiser/events/${id}`;
			await first.goto(url);
			await second.goto(url);
			await hydrated(first);
			await hydrated(second);

			// The first tab moves the start and the venue.
			await first.locator('#startTime').fill('19:00');
			await first.locator('#venue_en').fill('The Commons House');
			await first.getByRole('button', { name: 'Save', exact: true }).click();
			await expect.poll(() => status(first)).toBe('Changes saved.');

			// The second tab, opened before, changes the summary and the city: merged without asking.
			await second.locator('#summary_en').fill('An evening on the commons, with music.');
			await second.locator('#city_en').fill('Saint-Denis');
			await second.getByRole('button', { name: 'Save', exact: true }).click();
			await expect.poll(() => status(second)).toMatch(/merged/);
			expect(await second.locator('#startTime').inputValue()).toBe('19:00');
			expect(await second.locator('#venue_en').inputValue()).toBe('The Commons House');
			expect(await second.locator('#summary_en').inputValue()).toBe(
				'An evening on the commons, with music.'
			);
			expect(await second.locator('#city_en').inputValue()).toBe('Saint-Denis');

			// Now both change the English title; the second saves first.
			await second.locator('#title_en').fill('Commons evening, second take');
			await second.getByRole('button', { name: 'Save', exact: true }).click();
			await expect.poll(() => status(second)).toBe('Changes saved.');
			await first.locator('#title_en').fill('Commons evening, first take');
			await first.locator('#description_en').fill('Only the first tab wrote this.');
			await first.getByRole('button', { name: 'Save', exact: true }).click();
			const box = first.locator('section.conflict');
			await box.waitFor();
			await expect.poll(() => focused(first)).toContain('conflict');
			expect(await box.locator('fieldset').count()).toBe(1);
			const text = (await box.textContent()) ?? '';
			expect(text).toContain('Commons evening, second take');
			expect(text).toContain('Commons evening, first take');
			// What the second tab merged is in the form; the first tab's own change is kept.
			expect(await first.locator('#city_en').inputValue()).toBe('Saint-Denis');
			expect(await first.locator('#description_en').inputValue()).toBe(
				'Only the first tab wrote this.'
			);
			expect(await box.locator('input[value=yours]').isChecked()).toBe(true);

			await box.getByLabel('Keep theirs').check();
			await first.getByRole('button', { name: 'Save', exact: true }).click();
			await expect
				.poll(() => status(first))
				.toBe('Conflict settled: the version you chose is saved.');
			expect(await first.locator('#title_en').inputValue()).toBe('Commons evening, second take');
			expect(await first.locator('#description_en').inputValue()).toBe(
				'Only the first tab wrote this.'
			);
			expect(await first.locator('#startTime').inputValue()).toBe('19:00');
			expect(errors).toEqual([]);
			await context.close();
		}
	);

	it(
		'lists every error of a failed save at the top, linked to its field, and moves focus there',
		{ timeout: 90_000 },
		async () => {
			const context = await contextWith(cookie);
			const page = await context.newPage();
			const errors = watchErrors(page);
			await page.goto(`${server().url}/en/organiser/events/new`);
			await hydrated(page);
			await page.locator('#timeZone').fill('Mars/Olympus');
			await page.locator('#startDate').fill('2031-05-20');
			await page.getByRole('button', { name: 'Save draft' }).click();
			const summary = page.locator('.error-summary');
			await summary.waitFor();
			await expect.poll(() => focused(page)).toContain('error-summary');
			const links = await summary
				.locator('a')
				.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
			expect(links).toContain('#timeZone');
			expect(links).toContain('#title_fr');
			expect(await page.locator('#timeZone').getAttribute('aria-invalid')).toBe('true');
			expect((await page.locator('#timeZone').getAttribute('aria-describedby')) ?? '').toContain(
				'timeZone-error'
			);
			// Following a link puts the keyboard in the field.
			await summary.locator('a[href="#timeZone"]').click();
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('timeZone');
			// The typed date survived.
			expect(await page.locator('#startDate').inputValue()).toBe('2031-05-20');
			// Nothing was saved: leaving asks first.
			dialogs.length = 0;
			await page.locator('.org-bar').getByRole('link', { name: 'New post' }).click();
			await page.waitForURL('**/en/organiser/posts/new');
			expect(dialogs).toEqual(['Your changes are not saved. Leave anyway?']);
			expect(errors).toEqual([]);
			await context.close();
		}
	);

	it(
		'asks before cancelling, without JavaScript: a confirmation page saying what calendars will show',
		{ timeout: 90_000 },
		async () => {
			const id = await publishedEvent();
			const context = await contextWith(cookie, { javaScriptEnabled: false });
			const page = await context.newPage();
			await page.goto(`${server().url}/en/organiser/events/${id}`);
			await page.getByRole('button', { name: 'Cancel the event' }).click();
			const box = page.locator('section.confirm');
			await box.waitFor();
			expect(await box.textContent()).toContain('Subscribed calendars will show it as cancelled');
			expect(await focused(page)).toContain('confirm');
			// Nothing changed yet.
			expect(await page.locator('.meta .status').textContent()).toBe('Published');
			await box.getByRole('button', { name: 'Yes, cancel the event' }).click();
			await expect.poll(() => status(page)).toMatch(/^Event cancelled/);
			expect(await page.locator('.meta .status').textContent()).toBe('Published, cancelled');
			// Reinstating needs no confirmation; a plain organiser is never offered "Bring back".
			await page.getByRole('button', { name: 'Reinstate the event' }).click();
			await expect.poll(() => status(page)).toMatch(/^Event reinstated/);
			await page.getByRole('button', { name: 'Archive' }).click();
			await page.locator('section.confirm').getByRole('button', { name: 'Yes, archive' }).click();
			await expect.poll(() => status(page)).toMatch(/^Archived/);
			expect(await page.getByRole('button', { name: 'Bring back' }).count()).toBe(0);

			// Without JavaScript the new-event form offers the dates and the times; a failed save
			// answers with the error summary focused.
			await page.goto(`${server().url}/en/organiser/events/new`);
			await page.locator('#allDay').check();
			expect(await page.locator('#startTime').isVisible()).toBe(true);
			await page.locator('#timeZone').fill('Mars/Olympus');
			await page.getByRole('button', { name: 'Save draft' }).click();
			await page.locator('.error-summary').waitFor();
			expect(await focused(page)).toContain('error-summary');
			expect(await page.locator('#allDay').isChecked()).toBe(true);
			await context.close();
		}
	);

	it(
		'previews an event in both languages, saves a draft apart from publishing, and unpublishes a post only once confirmed',
		{ timeout: 90_000 },
		async () => {
			const context = await contextWith(cookie, { locale: 'fr-FR' });
			const page = await context.newPage();
			const errors = watchErrors(page);
			await page.goto(`${server().url}/fr/organiser/events/new`);
			await hydrated(page);
			await page.locator('#startDate').fill('2031-09-12');
			// The end date follows the start until changed by hand.
			expect(await page.locator('#endDate').inputValue()).toBe('2031-09-12');
			await page.locator('#allDay').check();
			expect(await page.locator('#startTime').isVisible()).toBe(false);
			await page.locator('#allDay').uncheck();
			expect(await page.locator('#startDate').inputValue()).toBe('2031-09-12');
			await page.locator('#startTime').fill('10:00');
			await page.locator('#endTime').fill('12:00');
			await page.locator('#timeZone').fill('Europe/Paris');
			await page.locator('#title_fr').fill('Atelier brouillon');
			await page.locator('#summary_fr').fill('Un atelier en préparation.');
			await page.locator('#description_fr').fill('Avec des **communs**.');
			await page.getByRole('button', { name: 'Aperçu' }).click();
			const preview = page.locator('fieldset[lang=fr] .preview');
			await expect.poll(() => preview.locator('strong').textContent()).toBe('communs');
			expect(await preview.textContent()).toContain('Un atelier en préparation.');
			await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
			await expect.poll(() => status(page)).toMatch(/^Brouillon créé/);
			expect(await page.locator('.meta .status').textContent()).toMatch(/^Brouillon/);
			expect(await page.getByRole('button', { name: 'Publier' }).count()).toBe(1);
			// A draft is not cancelled: it has no subscribers yet.
			expect(await page.getByRole('button', { name: 'Annuler l’événement' }).count()).toBe(0);

			const postId = await publishedPost();
			await page.goto(`${server().url}/fr/organiser/posts/${postId}`);
			expect(await page.getByRole('button', { name: 'Enregistrer le brouillon' }).count()).toBe(0);
			await page.getByRole('button', { name: 'Dépublier' }).click();
			const box = page.locator('section.confirm');
			await box.waitFor();
			await expect.poll(() => focused(page)).toContain('confirm');
			expect(await box.textContent()).toContain('quitte le site et son flux');
			// The way back changes nothing.
			await box.getByRole('link').click();
			await page.locator('section.confirm').waitFor({ state: 'detached' });
			expect(await page.locator('.meta .status').textContent()).toBe('Publié');
			await page.getByRole('button', { name: 'Dépublier' }).click();
			await page.locator('section.confirm').getByRole('button', { name: 'Oui, dépublier' }).click();
			await expect.poll(() => status(page)).toMatch(/^Dépublié/);
			expect(errors).toEqual([]);
			await context.close();
		}
	);

	async function axe(page: Page): Promise<string[]> {
		await page.addScriptTag({ content: axeSource });
		const result = await page.evaluate(() =>
			(window as unknown as { axe: { run: (o: object) => Promise<AxeResult> } }).axe.run({
				runOnly: {
					type: 'tag',
					values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']
				}
			})
		);
		return result.violations.map(
			(v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
	}

	for (const lang of ['fr', 'en'] as const) {
		it(
			`axe finds no violation on any organiser page in ${lang}, nor in the error, conflict and confirmation states`,
			{ timeout: 180_000 },
			async () => {
				const eventId = await publishedEvent();
				const postId = await publishedPost();
				const context: BrowserContext = await contextWith(adminCookie, {
					bypassCSP: true,
					locale: lang === 'fr' ? 'fr-FR' : 'en-GB'
				});
				const page = await context.newPage();
				const found: Record<string, string[]> = {};
				const check = async (name: string) => {
					const violations = await axe(page);
					if (violations.length) found[name] = violations;
				};
				const root = `${server().url}/${lang}/organiser`;
				for (const path of [
					'',
					'/events/new',
					`/events/${eventId}`,
					`/events/${eventId}/history`,
					'/posts/new',
					`/posts/${postId}`,
					`/posts/${postId}/history`,
					'/organisers',
					'/password'
				]) {
					await page.goto(root + path);
					await check(path || '/');
				}

				// The error state.
				await page.goto(`${root}/events/new`);
				await page.locator('#timeZone').fill('Mars/Olympus');
				await page.locator('button[value=save]').click();
				await page.locator('.error-summary').waitFor();
				await check('errors');

				// The confirmation.
				await page.goto(`${root}/events/${eventId}`);
				await page.locator('.danger-zone form[action="?/cancel"] button').click();
				await page.locator('section.confirm').waitFor();
				await check('confirmation');

				// The conflict: a second page saves the title first.
				const other = await context.newPage();
				await page.goto(`${root}/events/${eventId}`);
				await other.goto(`${root}/events/${eventId}`);
				await other.locator('#title_fr').fill('Titre de l’autre page');
				await other.locator('button[value=save]').click();
				await other.locator('[role=status]').waitFor();
				await page.locator('#title_fr').fill('Titre de cette page');
				await page.locator('button[value=save]').click();
				await page.locator('section.conflict').waitFor();
				await check('conflict');

				expect(found).toEqual({});
				await context.close();
			}
		);
	}
});
