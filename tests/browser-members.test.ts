import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { postForm, useOwnServer } from './helpers/organiser';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);
type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

const PASSWORD = 'une phrase de passe assez longue';

// This file signs people up: a server and database of its own.
const server = useOwnServer();

describe.skipIf(!chromiumAvailable())('members in a real browser', () => {
	let browser: Browser;
	let counter = 0;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	const unique = () => `${Date.now().toString(36)}${++counter}`;

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

	it(
		'a visitor joins from an event page and lands back on it, logged in, after a refused first try',
		{ timeout: 120_000 },
		async () => {
			const context = await browser.newContext({ locale: 'en-GB' });
			const page = await context.newPage();
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			const name = `Ada ${unique()}`;
			await page.goto(`${server().url}/en/events/ngi-forum-2025`);
			await page.locator('.account-nav').getByRole('link', { name: 'Join' }).click();
			await page.waitForURL('**/en/join?redirectTo=*');
			await page.getByLabel('Display name').fill(name);
			await page.getByLabel('Email address').fill(`ada-${unique()}@example.org`);
			// Too short first: the form says so in place and keeps what was typed.
			await page.getByLabel('Password (at least 12 characters)').fill('short');
			await page.getByRole('button', { name: 'Create my account' }).click();
			await expect
				.poll(() => page.locator('.field-error').allTextContents())
				.toEqual(['The password needs at least 12 characters.']);
			expect(await page.getByLabel('Display name').inputValue()).toBe(name);
			await page.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
			await page.getByRole('button', { name: 'Create my account' }).click();
			await page.waitForURL('**/en/events/ngi-forum-2025');
			const nav = page.locator('.account-nav');
			await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual([name]);
			const cookies = await context.cookies();
			expect(cookies.find((c) => c.name === 'session')).toMatchObject({
				httpOnly: true,
				sameSite: 'Lax'
			});
			// And out again, by the header's button.
			await nav.getByRole('button', { name: 'Log out' }).click();
			await page.waitForURL('**/en/');
			await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Log in', 'Join']);
			expect(errors).toEqual([]);
			await context.close();
		}
	);

	for (const lang of ['fr', 'en'] as const) {
		it(
			`axe finds no violation on join, login and account in ${lang}, nor in their error states`,
			{ timeout: 180_000 },
			async () => {
				const email = `axe-${lang}-${unique()}@example.org`;
				const joined = await postForm(`/${lang}/join`, {
					name: `Axe ${unique()}`,
					email,
					password: PASSWORD,
					locale: lang
				});
				const cookie = joined.headers
					.getSetCookie()
					.find((c) => c.startsWith('session='))!
					.split(';')[0]!
					.split('=');
				const found: Record<string, string[]> = {};
				const visitor = await browser.newContext({ bypassCSP: true });
				const page = await visitor.newPage();
				const check = async (what: string) => {
					const violations = await axe(page);
					if (violations.length) found[what] = violations;
				};
				for (const path of ['join', 'login', 'logout']) {
					await page.goto(`${server().url}/${lang}/${path}`);
					await check(path);
				}
				// Error states: a refused sign-up and a refused login.
				await page.goto(`${server().url}/${lang}/join`);
				await page.locator('#name').fill('\u202eX');
				await page.locator('#email').fill(email);
				await page.locator('#password').fill('short');
				await page.locator('main button[type=submit]').click();
				await page.locator('.error-summary').waitFor();
				await check('join with errors');
				await page.goto(`${server().url}/${lang}/login`);
				await page.locator('#email').fill(email);
				await page.locator('#password').fill('not the password at all');
				await page.locator('main button[type=submit]').click();
				await page.locator('.form-error').waitFor();
				await check('login refused');

				const member = await browser.newContext({ bypassCSP: true });
				await member.addCookies([
					{ name: cookie[0]!, value: cookie[1]!, url: server().url, httpOnly: true }
				]);
				const mine = await member.newPage();
				await mine.goto(`${server().url}/${lang}/account`);
				const accountViolations = await axe(mine);
				if (accountViolations.length) found.account = accountViolations;
				await mine.locator('#name').fill('!!');
				await mine.locator('form[action="?/name"] button[type=submit]').click();
				await mine.locator('.error-summary').waitFor();
				const nameErrors = await axe(mine);
				if (nameErrors.length) found['account with errors'] = nameErrors;
				await mine.goto(`${server().url}/${lang}/logout`);
				const logoutViolations = await axe(mine);
				if (logoutViolations.length) found['logout (member)'] = logoutViolations;
				expect(found).toEqual({});
				await visitor.close();
				await member.close();
			}
		);
	}
});
