import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);
type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

// New members' messages wait for approval here, as on a real site.
const server = useOwnServer({ holdNewMembers: true });

const PASSWORD = 'une phrase de passe assez longue';
let counter = 0;

/** A new member (not trusted: their messages wait), logged in. */
async function newMember(name: string) {
	const account = await accounts.signUp(serverDb(), {
		email: `browser-mod-${process.pid}-${++counter}@example.org`,
		name,
		password: PASSWORD,
		locale: 'fr'
	});
	return { ...account, cookie: await loginCookie(account.email, PASSWORD) };
}

function messageIdOf(response: Response): number {
	expect(response.status).toBe(303);
	return Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
}

describe.skipIf(!chromiumAvailable())('moderation in a real browser', () => {
	let browser: Browser;
	let moderator = '';

	beforeAll(async () => {
		browser = await launchBrowser();
		const organiser = await makeOrganiser();
		moderator = await loginCookie(organiser.email, organiser.password);
	});
	afterAll(async () => {
		await browser?.close();
	});

	async function pageFor(cookie: string | null, options: { bypassCSP?: boolean } = {}) {
		const context = await browser.newContext({ locale: 'fr-FR', ...options });
		if (cookie) {
			const [name, value] = cookie.split('=') as [string, string];
			await context.addCookies([{ name, value, url: server().url }]);
		}
		return context.newPage();
	}

	it(
		'a member posts, a moderator approves then hides it from the queue, a reader sees the placeholder',
		{ timeout: 120_000 },
		async () => {
			const writer = await newMember(`Nouvelle ${process.pid}`);
			const id = messageIdOf(
				await postForm(
					'/fr/events/ngi-forum-2025?/write',
					{ body: 'Achetez des montres pas chères ici.', locale: 'fr' },
					{ cookie: writer.cookie }
				)
			);
			const page = await pageFor(moderator);
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			await page.goto(`${server().url}/fr/organiser/moderation`);
			const item = page.locator(`article[aria-labelledby="q${id}-title"]`);
			await expect(item.textContent()).resolves.toContain('montres pas chères');
			await item.getByRole('button', { name: 'Approuver' }).click();
			await page.waitForURL('**/fr/organiser/moderation?done=approve');
			await expect(page.getByRole('status').textContent()).resolves.toContain('Message approuvé.');

			// A flag brings it back to the queue (FLAGWORD's form writes them).
			serverDb()
				.$client.prepare(
					"insert into message_flags (message_id, account_id, reason, created_at) values (?, ?, 'spam', ?)"
				)
				.run(id, writer.id, Date.now());
			await page.goto(`${server().url}/fr/organiser/moderation`);
			const flagged = page.locator(`article[aria-labelledby="q${id}-title"]`);
			await flagged.getByLabel('Motif affiché aux lecteurs').fill('Publicité');
			await flagged.getByRole('button', { name: 'Masquer' }).click();
			await page.waitForURL('**/fr/organiser/moderation?done=hide');
			await expect(page.getByRole('status').textContent()).resolves.toContain('Message masqué.');
			expect(errors).toEqual([]);
			await page.context().close();

			const reader = await pageFor(null);
			await reader.goto(`${server().url}/fr/events/ngi-forum-2025`);
			const placeholder = reader.locator(`#m${id} .placeholder`);
			await expect(placeholder.textContent()).resolves.toContain('Masqué par les modérateurs.');
			await expect(placeholder.textContent()).resolves.toContain('Publicité');
			await expect(reader.locator(`#m${id}`).textContent()).resolves.not.toContain('montres');
			await reader.context().close();
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
			`axe finds no violation on the moderation pages in ${lang}`,
			{ timeout: 180_000 },
			async () => {
				const writer = await newMember(`Axe ${lang} ${process.pid}`);
				const write = (body: string) =>
					postForm(
						`/${lang}/events/ngi-forum-2025?/write`,
						{ body, locale: 'fr' },
						{ cookie: writer.cookie }
					);
				const first = await write('Un message publié puis *signalé*.');
				await write('Un message qui *attend*.');
				const admin = await makeOrganiser('admin');
				const adminCookie = await loginCookie(admin.email, admin.password);
				// A published message with a report: the queue offers to hide it (a waiting one
				// is approved or deleted, never hidden).
				const firstId = /#m(\d+)$/.exec(first.headers.get('location') ?? '')?.[1] ?? '';
				await postForm(
					`/${lang}/organiser/moderation?/approve`,
					{ message: firstId, version: '1' },
					{ cookie: adminCookie }
				);
				const reporter = await newMember(`Axe report ${lang} ${process.pid}`);
				await postForm(
					`/${lang}/messages/${firstId}/flag`,
					{ reason: 'spam', note: '' },
					{ cookie: reporter.cookie }
				);
				const page = await pageFor(adminCookie, { bypassCSP: true });
				const found: Record<string, string[]> = {};
				for (const path of [
					'/organiser/moderation',
					'/organiser/moderation/log',
					'/organiser/moderation/settings'
				]) {
					await page.goto(`${server().url}/${lang}${path}`);
					const violations = await axe(page);
					if (violations.length) found[path] = violations;
				}
				// The error states: a hide without a reason, a bad setting.
				await page.goto(`${server().url}/${lang}/organiser/moderation`);
				await page.locator('form[action="?/hide"] button').first().click();
				await page.locator('.field-error').first().waitFor();
				const hideErrors = await axe(page);
				if (hideErrors.length) found['hide error'] = hideErrors;
				await page.goto(`${server().url}/${lang}/organiser/moderation`);
				await page.locator('form[action="?/delete"] button').first().click();
				await page.locator('section.confirm').waitFor();
				const confirmErrors = await axe(page);
				if (confirmErrors.length) found['delete confirmation'] = confirmErrors;
				await page.goto(`${server().url}/${lang}/organiser/moderation/settings`);
				await page.locator('#heldFirstMessages').fill('99');
				await page.locator('form.editor button[type=submit]').click();
				await page.locator('.error-summary').waitFor();
				const settingsErrors = await axe(page);
				if (settingsErrors.length) found['settings error'] = settingsErrors;
				await page.context().close();
				expect(found).toEqual({});
			}
		);
	}
});
