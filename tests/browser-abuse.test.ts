import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as settings from '../src/lib/server/moderation/settings';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { serverDb, useOwnServer } from './helpers/organiser';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const PASSWORD = 'une phrase de passe assez longue';

// This file signs people up with the anti-robot check on: a server and database of its own.
const server = useOwnServer();

describe.skipIf(!chromiumAvailable())('ALTCHA in a real browser', () => {
	let browser: Browser;
	let counter = 0;
	const unique = () => `${Date.now().toString(36)}${++counter}`;
	const standing = (email: string) =>
		serverDb()
			.$client.prepare(
				'select held_at is not null as held, hold_reason from accounts where email = ?'
			)
			.get(email);

	beforeAll(async () => {
		settings.write(serverDb(), { altchaOnSignUp: true });
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it(
		'solves the challenge in the page, with our own script, and signs up unheld after a refused first try',
		{ timeout: 120_000 },
		async () => {
			const context = await browser.newContext({ locale: 'en-GB' });
			const page = await context.newPage();
			const errors: string[] = [];
			const outside: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			page.on('request', (r) => {
				if (!r.url().startsWith(server().url)) outside.push(r.url());
			});
			await page.goto(`${server().url}/en/join`);
			const status = page.locator('.altcha-status');
			await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
			const email = `altcha-${unique()}@example.org`;
			await page.getByLabel('Display name').fill(`Alt ${unique()}`);
			await page.getByLabel('Email address').fill(email);
			await page.getByLabel('Password (at least 12 characters)').fill('short');
			await page.getByRole('button', { name: 'Create my account' }).click();
			await expect
				.poll(() => page.locator('.field-error').allTextContents())
				.toEqual(['The password needs at least 12 characters.']);
			// The refusal brought a new challenge (the first is spent): solved again.
			await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
			await page.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
			await page.getByRole('button', { name: 'Create my account' }).click();
			await page.waitForURL('**/en/account');
			expect(standing(email)).toEqual({ held: 0, hold_reason: null });
			expect(errors).toEqual([]);
			expect(outside).toEqual([]);
			await context.close();
		}
	);

	it(
		'signs up without JavaScript, held for a moderator, and says so',
		{ timeout: 60_000 },
		async () => {
			const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
			const page = await context.newPage();
			await page.goto(`${server().url}/en/join`);
			await expect(page.locator('noscript').textContent()).resolves.toContain('Without JavaScript');
			// No "checking…" that would never finish: the status says nothing without a script.
			expect((await page.locator('.altcha-status').textContent())?.trim()).toBe('');
			const email = `noscript-${unique()}@example.org`;
			await page.getByLabel('Display name').fill(`NoJS ${unique()}`);
			await page.getByLabel('Email address').fill(email);
			await page.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
			await page.getByRole('button', { name: 'Create my account' }).click();
			await page.waitForURL('**/en/account');
			expect(standing(email)).toEqual({ held: 1, hold_reason: 'no_proof' });
			await expect(page.locator('main').textContent()).resolves.toContain(
				'Your account waits for a moderator'
			);
			await context.close();
		}
	);
});
