import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import * as traps from '../src/lib/server/abuse/traps';
import * as settings from '../src/lib/server/moderation/settings';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { loginCookie, serverDb, useOwnServer } from './helpers/organiser';

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

describe.skipIf(!chromiumAvailable())('the message form’s moment in a real browser', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it(
		'hands a new moment with each page after a message, with or without script, so every message is saved, not caught',
		{ timeout: 120_000 },
		async () => {
			const email = `moment-${process.pid}-${Date.now()}@example.org`;
			const account = await accounts.add(serverDb(), {
				email,
				name: `Moment ${process.pid}-${Date.now()}`,
				password: PASSWORD,
				role: 'member'
			});
			const [name, value] = (await loginCookie(email, PASSWORD)).split('=') as [string, string];
			const context = await browser.newContext({ locale: 'en-GB' });
			await context.addCookies([{ name, value, url: server().url }]);
			const page = await context.newPage();
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			const moment = () =>
				page.locator(`form.message-form input[name=${traps.ISSUED_FIELD}]`).inputValue();
			const seen: string[] = [];
			// The discussion page (no client script: a plain post), then the reply page (sent by
			// use:enhance), twice each: every form saved is followed by one with a new moment.
			for (const i of [1, 2]) {
				await page.goto(`${server().url}/en/events/ngi-forum-2025`);
				seen.push(await moment());
				const body = `Message ${i} de ${account.id}, sur la page`;
				await page.locator('#message-body').fill(body);
				await page.locator('form.message-form button[type=submit]').click();
				await page.locator('article', { hasText: body }).first().waitFor();
				const id = await page.locator('article', { hasText: body }).first().getAttribute('id');
				await page.goto(`${server().url}/en/messages/${id!.slice(1)}/reply`);
				await page.waitForLoadState('networkidle');
				seen.push(await moment());
				const answer = `Réponse ${i} de ${account.id}, par script`;
				await page.locator('#message-body').fill(answer);
				await page.locator('form.message-form button[type=submit]').click();
				await page.locator('article', { hasText: answer }).first().waitFor();
			}
			expect(new Set(seen).size).toBe(4);
			const saved = serverDb()
				.$client.prepare('select count(*) n from messages where author_id = ?')
				.get(account.id) as { n: number };
			expect(saved.n).toBe(4);
			expect(errors).toEqual([]);
			await context.close();
		}
	);
});
