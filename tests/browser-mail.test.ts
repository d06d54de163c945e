import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from './helpers/http';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { loginCookie, makeOrganiser, postForm, serverDb } from './helpers/organiser';
import { startServer, type RunningServer } from './helpers/server';
import { startSmtp } from './helpers/smtp';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);
type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

const PASSWORD = 'une phrase de passe assez longue';
const NEW_PASSWORD = 'un tout autre secret bien plus long';

describe.skipIf(!chromiumAvailable())('email pages in a real browser', () => {
	let browser: Browser;
	let server: RunningServer;
	let smtp: Awaited<ReturnType<typeof startSmtp>>;
	let counter = 0;
	const unique = () => `${Date.now().toString(36)}${++counter}`;

	beforeAll(async () => {
		smtp = await startSmtp();
		server = await startServer({
			env: {
				SMTP_URL: smtp.url,
				MAIL_FROM: 'hub@rencontres.example',
				MAIL_WORKER_INTERVAL_MS: '200'
			}
		});
		useServer(server);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		serverDb().$client.close();
		await server?.stop();
		await smtp?.close();
	});

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

	function linkIn(text: string, path: string): string {
		const match = new RegExp(`${server.url}/(fr|en)/${path}/[A-Za-z0-9_-]{43}`).exec(text);
		if (!match) throw new Error(`no ${path} link in ${text}`);
		return match[0];
	}

	for (const lang of ['fr', 'en'] as const) {
		it(
			`confirms an address and resets a password with JavaScript on, axe finding nothing (${lang})`,
			{ timeout: 180_000 },
			async () => {
				const found: Record<string, string[]> = {};
				const check = async (page: Page, what: string) => {
					const violations = await axe(page);
					if (violations.length) found[what] = violations;
				};
				const email = `browser-${lang}-${unique()}@example.org`;
				const joined = await postForm(`/${lang}/join`, {
					name: `Navigatrice ${unique()}`,
					email,
					password: PASSWORD,
					locale: lang
				});
				const [name, value] = joined.headers
					.getSetCookie()
					.find((c) => c.startsWith('session='))!
					.split(';')[0]!
					.split('=');
				const member = await browser.newContext({ bypassCSP: true });
				await member.addCookies([{ name: name!, value: value!, url: server.url, httpOnly: true }]);
				const page = await member.newPage();
				const errors: string[] = [];
				page.on('pageerror', (e) => errors.push(e.message));

				// The account page asks for the confirmation, and sends the link again.
				await page.goto(`${server.url}/${lang}/account`);
				await check(page, 'account, not confirmed');
				await page.locator('form[action="?/resendConfirmation"] button').click();
				await page.waitForURL('**/account?mail=sent');
				await page.locator('#account-email ~ [role="status"]').waitFor();
				await check(page, 'account, link sent again');

				const mail = await smtp.next(email);
				await page.goto(linkIn(mail.text ?? '', 'confirm'));
				await check(page, 'confirm');
				await page.locator('main form button[type=submit]').click();
				await page.locator('main [role="status"]').waitFor();
				await check(page, 'confirmed');
				await page.goto(`${server.url}/${lang}/account`);
				expect(
					await page.locator('#account-email').evaluate((h) => h.parentElement!.textContent)
				).toContain(email);
				expect(await page.locator('form[action="?/resendConfirmation"]').count()).toBe(0);

				// A visitor who forgot their password.
				const visitor = await browser.newContext({ bypassCSP: true });
				const asking = await visitor.newPage();
				asking.on('pageerror', (e) => errors.push(e.message));
				await asking.goto(`${server.url}/${lang}/login`);
				await asking.locator('main a[href$="/password-reset"]').click();
				await asking.waitForURL('**/password-reset');
				await check(asking, 'password-reset');
				await asking.locator('#email').fill(email);
				await asking.locator('main button[type=submit]').click();
				await asking.locator('main [role="status"]').waitFor();
				await check(asking, 'password-reset sent');
				const resetMail = await smtp.next(email, (m) => /password-reset/.test(m.text ?? ''));
				await asking.goto(linkIn(resetMail.text ?? '', 'password-reset'));
				await check(asking, 'new password');
				await asking.locator('#password').fill(NEW_PASSWORD);
				await asking.locator('#confirm').fill('not the same at all, no');
				await asking.locator('main button[type=submit]').click();
				await asking.locator('.error-summary').waitFor();
				await check(asking, 'new password with errors');
				await asking.locator('#password').fill(NEW_PASSWORD);
				await asking.locator('#confirm').fill(NEW_PASSWORD);
				await asking.locator('main button[type=submit]').click();
				await asking.locator('main [role="status"]').waitFor();
				await check(asking, 'new password saved');
				expect(await loginCookie(email, NEW_PASSWORD)).toMatch(/^session=/);

				expect(errors).toEqual([]);
				expect(found).toEqual({});
				await member.close();
				await visitor.close();
			}
		);
	}

	it('shows admins the outbox, axe finding nothing', { timeout: 120_000 }, async () => {
		const admin = await makeOrganiser('admin');
		const [name, value] = (await loginCookie(admin.email, admin.password)).split('=');
		const context = await browser.newContext({ bypassCSP: true });
		await context.addCookies([{ name: name!, value: value!, url: server.url, httpOnly: true }]);
		const page = await context.newPage();
		await page.goto(`${server.url}/en/organiser/outbox`);
		expect(await page.locator('h1').textContent()).toBe('Outbox');
		expect(await axe(page)).toEqual([]);
		await context.close();
	});
});
