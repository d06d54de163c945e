import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { useServer } from './helpers/http';
import { loginCookie, makeOrganiser, serverDb } from './helpers/organiser';
import { startServer, type RunningServer } from './helpers/server';

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);
type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

/*
 * The organisers' dashboard on a phone (360 px): an event's dates once took seven lines of a
 * narrow column ("25 octobre 2025, 22:00 – 26 octobre 2025, 12:00 (heure d’été d’Europe
 * centrale)"). Each dates cell must now take at most two lines, and nothing may scroll sideways.
 */
describe.skipIf(!chromiumAvailable())('the dashboard at phone width', () => {
	let browser: Browser;
	let server: RunningServer;
	beforeAll(async () => {
		// A server of its own: the events added here would change other files' pages.
		server = await startServer();
		useServer(server);
		browser = await launchBrowser();
		const db = serverDb();
		const texts = (fr: string, en: string) => ({ fr: { title: fr }, en: { title: en } });
		// The longest spans a dashboard shows: across the autumn change, across a year, in a far zone.
		events.create(db, {
			slug: 'nuit-des-communs-numeriques-et-de-l-economie-sociale',
			allDay: false,
			start: '2025-10-25T20:00:00.000Z',
			end: '2025-10-26T11:00:00.000Z',
			timeZone: 'Europe/Brussels',
			country: 'BE',
			texts: texts(
				'Nuit des communs numériques et de l’économie sociale et solidaire',
				'Night of the digital commons and of the social and solidarity economy'
			)
		});
		events.create(db, {
			slug: 'rencontres-de-fin-d-annee',
			allDay: true,
			start: '2025-12-30',
			end: '2026-01-02',
			timeZone: 'Europe/Paris',
			texts: texts('Rencontres de fin d’année', 'End-of-year meetings')
		});
		events.create(db, {
			slug: 'atelier-buenos-aires',
			allDay: false,
			start: '2026-09-17T21:30:00.000Z',
			end: '2026-09-18T01:00:00.000Z',
			timeZone: 'America/Argentina/Buenos_Aires',
			texts: texts('Atelier à Buenos Aires', 'Workshop in Buenos Aires')
		});
	});
	afterAll(async () => {
		await browser?.close();
		serverDb().$client.close();
		await server?.stop();
	});

	for (const lang of ['fr', 'en'] as const) {
		it(
			`shows every event's dates on at most two lines, without sideways scrolling, in ${lang}`,
			{ timeout: 60_000 },
			async () => {
				const organiser = await makeOrganiser();
				const [name, value] = (await loginCookie(organiser.email, organiser.password)).split(
					/=(.*)/s
				) as [string, string];
				// CSP is bypassed only to inject axe, as in browser-reach.test.ts.
				const context = await browser.newContext({
					locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
					viewport: { width: 360, height: 740 },
					bypassCSP: true
				});
				await context.addCookies([{ name, value, url: server.url }]);
				const page = await context.newPage();
				const response = await page.goto(`${server.url}/${lang}/organiser`);
				expect(response?.status()).toBe(200);
				expect(new URL(page.url()).pathname).toBe(`/${lang}/organiser`);

				// The second cell of each row of the events' table, whatever its markup.
				const cells = await page
					.locator('section[aria-labelledby=org-events] tr > td:nth-child(2)')
					.evaluateAll((tds) =>
						tds.map((td) => {
							const style = getComputedStyle(td);
							const lineHeight = parseFloat(style.lineHeight);
							const height =
								td.getBoundingClientRect().height -
								parseFloat(style.paddingTop) -
								parseFloat(style.paddingBottom);
							return {
								text: td.textContent!.replace(/\s+/g, ' ').trim(),
								lines: height / lineHeight,
								right: td.getBoundingClientRect().right
							};
						})
					);
				// The seeded events and the three above.
				expect(cells.length).toBeGreaterThanOrEqual(5);
				const tall = cells.filter((c) => !(c.lines <= 2.05));
				expect(tall).toEqual([]);
				// The long spans are there, in short form, whole.
				const texts = cells.map((c) => c.text);
				expect(texts).toContain(
					lang === 'fr' ? '30 déc. 2025 – 2 janv. 2026' : '30 Dec 2025 – 2 Jan 2026'
				);
				expect(
					texts.some(
						(t) =>
							t.startsWith(lang === 'fr' ? '25–26 oct. 2025' : '25 – 26 Oct 2025') &&
							t.includes('22:00')
					)
				).toBe(true);

				const widths = await page.evaluate(() => ({
					scroll: document.documentElement.scrollWidth,
					client: document.documentElement.clientWidth
				}));
				expect(widths.scroll).toBeLessThanOrEqual(widths.client);
				for (const cell of cells) expect(cell.right).toBeLessThanOrEqual(widths.client);

				// axe finds nothing on the dashboard at this width either.
				await page.addScriptTag({ content: axeSource });
				const result = await page.evaluate(() =>
					(window as unknown as { axe: { run: (o: object) => Promise<AxeResult> } }).axe.run({
						runOnly: {
							type: 'tag',
							values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']
						}
					})
				);
				expect(
					result.violations.map(
						(v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
					)
				).toEqual([]);
				await context.close();
			}
		);
	}
});
