import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { get, useServer } from './helpers/http';
import { makeOrganiser, serverDb } from './helpers/organiser';
import { startServer, type RunningServer } from './helpers/server';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

describe.skipIf(!chromiumAvailable())('an organiser in a real browser', () => {
	let browser: Browser;
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
		useServer(server);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		serverDb().$client.close();
		await server?.stop();
	});

	// Chromium on two busy cores: a budget, not a bound (once timed out at 30 s while a build ran beside it).
	it(
		'logs in, writes a bilingual recap of the Coop des Communs day, publishes it, and readers see it',
		{ timeout: 90_000 },
		async () => {
			const organiser = await makeOrganiser();
			const context = await browser.newContext({ locale: 'fr-FR' });
			const page = await context.newPage();
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));

			await page.goto(`${server.url}/fr/organiser/posts/new`);
			await page.waitForURL('**/fr/organiser/login?redirectTo=*');
			await page.getByLabel('Adresse e-mail').fill(organiser.email);
			await page.getByLabel('Mot de passe').fill(organiser.password);
			await page.getByRole('button', { name: 'Se connecter' }).click();
			// Once timed out on a loaded machine: say where the page was and what it said.
			await page.waitForURL('**/fr/organiser/posts/new').catch(async (error: Error) => {
				const said = await page.locator('[role=alert], .form-error, h1').allTextContents();
				throw new Error(`${error.message}\nstill at ${page.url()}, saying ${JSON.stringify(said)}`);
			});

			await page.getByLabel('Type').selectOption('recap');
			await page.getByLabel('Événement lié').selectOption({
				label: 'Pour une autonomie numérique fondée sur les communs (1 juillet 2025)'
			});
			const fr = page.locator('fieldset[lang=fr]');
			const en = page.locator('fieldset[lang=en]');
			await fr.getByLabel('Titre').fill('La journée de la Coop des Communs');
			await fr
				.getByLabel('Texte (Markdown)')
				.fill('Le SOGA y est intervenu sur les **communs numériques** et le droit européen.');
			await en.getByLabel('Titre').fill('The Coop des Communs day');
			await en
				.getByLabel('Texte (Markdown)')
				.fill('SOGA spoke there on **digital commons** and European law.');

			await page.getByRole('button', { name: 'Aperçu' }).click();
			await expect
				.poll(() => fr.locator('.preview strong').textContent())
				.toBe('communs numériques');
			// The preview kept every word typed.
			expect(await en.getByLabel('Titre').inputValue()).toBe('The Coop des Communs day');

			await page.getByRole('button', { name: 'Publier' }).click();
			await page.waitForURL(/\/fr\/organiser\/posts\/\d+\?done=published$/);
			// The page names what happened, not just "Saved.".
			expect(await page.getByRole('status').textContent()).toBe(
				'Publié\u00a0: le texte est en ligne.'
			);

			const reader = await browser.newContext({ locale: 'en-GB' });
			const readerPage = await reader.newPage();
			for (const [lang, title] of [
				['fr', 'La journée de la Coop des Communs'],
				['en', 'The Coop des Communs day']
			] as const) {
				await readerPage.goto(`${server.url}/${lang}/events/autonomie-numerique-communs-2025`);
				expect(await readerPage.locator('.recap-list a').allTextContents()).toEqual([title]);
				const ics = await (
					await get(`/${lang}/events/autonomie-numerique-communs-2025.ics`)
				).text();
				const [vevent] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
				expect(new ICAL.Event(vevent).description).toContain(title);
			}
			await readerPage.locator('.recap-list a').click();
			await readerPage.waitForURL('**/en/posts/la-journee-de-la-coop-des-communs');
			expect(await readerPage.locator('.prose').textContent()).toContain(
				'SOGA spoke there on digital commons and European law.'
			);
			expect(errors).toEqual([]);
			await context.close();
			await reader.close();
		}
	);
});
