import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { loginCookie, postForm, serverDb, useOwnServer } from './helpers/organiser';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);
type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

// Members write here: a server and database of this file's own.
const server = useOwnServer();

const PASSWORD = 'une phrase de passe assez longue';
let counter = 0;

async function member(name: string) {
	const account = await accounts.add(serverDb(), {
		email: `browser-member-${process.pid}-${++counter}@example.org`,
		name,
		password: PASSWORD,
		role: 'member'
	});
	return { ...account, cookie: await loginCookie(account.email, PASSWORD) };
}

/** The id of the message a 303 after writing points at. */
function messageIdOf(response: Response): number {
	expect(response.status).toBe(303);
	return Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
}

describe.skipIf(!chromiumAvailable())('the forum in a real browser', () => {
	let browser: Browser;

	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	async function pageFor(cookie: string | null, options: { bypassCSP?: boolean } = {}) {
		const context = await browser.newContext({ locale: 'en-GB', ...options });
		if (cookie) {
			const [name, value] = cookie.split('=') as [string, string];
			await context.addCookies([{ name, value, url: server().url }]);
		}
		return context.newPage();
	}

	it(
		'a member answers the NGI Forum 2025 recap in English under a French message; a visitor reads both in their languages',
		{ timeout: 120_000 },
		async () => {
			const claire = await member('Claire Dubois');
			const recap = '/posts/retour-ngi-forum-2025';
			const french = messageIdOf(
				await postForm(
					`/fr${recap}?/write`,
					{ body: 'Merci pour ce compte rendu du **NGI Forum**.', locale: 'fr' },
					{ cookie: claire.cookie }
				)
			);

			// A reader of the recap signs up from its discussion and comes back to it, signed in.
			const page = await pageFor(null);
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			await page.goto(`${server().url}/en${recap}`);
			await page.locator('.take-part').getByRole('link', { name: 'Join' }).click();
			await page.waitForURL('**/en/join?redirectTo=*');
			await page.getByLabel('Display name').fill(`Sam Taylor ${process.pid}`);
			await page.getByLabel('Email address').fill(`sam-${process.pid}-${Date.now()}@example.org`);
			await page.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
			await page.getByRole('button', { name: 'Create my account' }).click();
			// Back at the discussion they left, not at the top of the recap.
			await page.waitForURL(new RegExp(`/en${recap}#discussion$`));
			await page.locator(`#m${french} a`, { hasText: 'Reply' }).click();
			await page.waitForURL(`**/en/messages/${french}/reply`);
			await expect(page.locator('input[name=locale][value=en]').isChecked()).resolves.toBe(true);
			await page.locator('textarea[name=body]').fill('Glad it helped: the slides are online.');
			await page.locator('form.message-form button[type=submit]').click();
			await page.waitForURL(new RegExp(`/en${recap}\\?page=1#m\\d+$`));
			const answerId = Number(/#m(\d+)$/.exec(page.url())![1]);
			const answer = page.locator(`#m${answerId}`);
			await expect(answer.getAttribute('lang')).resolves.toBe('en');
			await expect(answer.locator('.in-reply a').getAttribute('href')).resolves.toBe(`#m${french}`);
			expect(errors).toEqual([]);
			await page.context().close();

			const reader = await pageFor(null);
			await reader.goto(`${server().url}/en${recap}`);
			const shown = await reader
				.locator('article.message')
				.evaluateAll((list) => list.map((a) => [a.id, a.getAttribute('lang')]));
			expect(shown).toEqual([
				[`m${french}`, 'fr'],
				[`m${answerId}`, 'en']
			]);
			await expect(reader.locator(`#m${answerId} .prose`).textContent()).resolves.toContain(
				'the slides are online'
			);
			await expect(reader.locator('.take-part a').first().textContent()).resolves.toBe('Log in');
			await reader.context().close();
		}
	);

	/** Each radio button's box and its label's first line of text, as laid out. */
	function radioLines(page: Page) {
		return page.locator('label:has(> input[type=radio])').evaluateAll((labels) =>
			labels.map((label) => {
				const input = label.querySelector('input')!.getBoundingClientRect();
				const range = document.createRange();
				range.selectNodeContents(label);
				range.setStartAfter(label.querySelector('input')!);
				const text = range.getClientRects()[0]!;
				return {
					label: label.textContent!.trim(),
					inputWidth: input.width,
					sameLine: text.top < input.bottom && text.bottom > input.top,
					after: text.left >= input.right
				};
			})
		);
	}

	it(
		'radio buttons sit on their label’s line, at 360 px and on a desktop; a permalink’s message stands out',
		{ timeout: 120_000 },
		async () => {
			const writer = await member(`Radio ${process.pid}`);
			const id = messageIdOf(
				await postForm(
					'/fr/events/ngi-forum-2025?/write',
					{ body: 'Un message à retrouver.', locale: 'fr' },
					{ cookie: writer.cookie }
				)
			);
			for (const width of [360, 1280]) {
				const page = await pageFor(writer.cookie);
				await page.setViewportSize({ width, height: 800 });
				for (const path of ['/fr/events/ngi-forum-2025', '/fr/forum/new', '/fr/account']) {
					await page.goto(`${server().url}${path}`);
					const radios = await radioLines(page);
					expect(radios.length, path).toBeGreaterThanOrEqual(2);
					for (const radio of radios) {
						expect(radio.inputWidth, `${path} ${radio.label} at ${width}`).toBeLessThan(40);
						expect(radio.sameLine, `${path} ${radio.label} at ${width}`).toBe(true);
						expect(radio.after, `${path} ${radio.label} at ${width}`).toBe(true);
					}
				}
				await page.context().close();
				const visitor = await pageFor(null);
				await visitor.setViewportSize({ width, height: 800 });
				await visitor.goto(`${server().url}/fr/join`);
				const joinRadios = await radioLines(visitor);
				expect(joinRadios.length).toBe(2);
				expect(joinRadios.every((r) => r.sameLine && r.after && r.inputWidth < 40)).toBe(true);
				await visitor.context().close();
			}

			const reader = await pageFor(null);
			await reader.goto(`${server().url}/fr/events/ngi-forum-2025?page=1#m${id}`);
			const colours = await reader.evaluate((target) => {
				const style = (el: Element) => getComputedStyle(el);
				const other = [...document.querySelectorAll('article.message')].find(
					(a) => a.id !== target
				);
				const shown = document.getElementById(target)!;
				return {
					target: style(shown).backgroundColor,
					ink: style(shown.querySelector('.prose')!).color,
					other: other ? style(other).backgroundColor : 'rgba(0, 0, 0, 0)',
					mark: style(shown).boxShadow
				};
			}, `m${id}`);
			expect(colours.target).not.toBe(colours.other);
			expect(colours.mark).not.toBe('none');
			const rgb = (css: string) =>
				css
					.match(/\d+(\.\d+)?/g)!
					.slice(0, 3)
					.map(Number);
			const luminance = (css: string) => {
				const [r, g, b] = rgb(css).map((c) => {
					const v = c / 255;
					return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
				});
				return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
			};
			const [light, dark] = [luminance(colours.target), luminance(colours.ink)].sort(
				(x, y) => y - x
			);
			expect((light! + 0.05) / (dark! + 0.05)).toBeGreaterThanOrEqual(7);
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
			`axe finds no violation on the forum's pages in ${lang}, for a member and a visitor`,
			{ timeout: 180_000 },
			async () => {
				const writer = await member(`Auteur ${lang}`);
				const topicAt = await postForm(
					`/${lang}/forum/new`,
					{ title: `Sujet ${lang}`, body: 'Un *premier* message.', locale: 'fr' },
					{ cookie: writer.cookie }
				);
				const topic = topicAt.headers.get('location')!;
				const first = messageIdOf(
					await postForm(
						`/${lang}/events/ngi-forum-2025?/write`,
						{ body: 'Qui vient de Lyon ?', locale: 'fr' },
						{ cookie: writer.cookie }
					)
				);
				const second = messageIdOf(
					await postForm(
						`/${lang}/messages/${first}/reply`,
						{ body: 'Me, from Brussels.', quote: 'Lyon', locale: 'en' },
						{ cookie: writer.cookie }
					)
				);
				await postForm(
					`/${lang}/messages/${second}/edit`,
					{ body: 'Me, from Brussels, by train.', locale: 'en' },
					{ cookie: writer.cookie }
				);

				const found: Record<string, string[]> = {};
				for (const cookie of [writer.cookie, null]) {
					const page = await pageFor(cookie, { bypassCSP: true });
					const who = cookie ? 'member' : 'visitor';
					const check = async (name: string) => {
						const violations = await axe(page);
						if (violations.length) found[`${who} ${name}`] = violations;
					};
					const paths = [
						'/forum',
						topic.slice(3),
						'/events/ngi-forum-2025',
						`/messages/${second}/history`,
						...(cookie
							? [
									'/forum/new',
									`/messages/${first}/reply`,
									`/messages/${first}/reply?quote=1`,
									`/messages/${second}/edit`,
									`/messages/${second}/delete`
								]
							: [])
					];
					for (const path of paths) {
						await page.goto(`${server().url}/${lang}${path}`);
						await check(path);
					}
					if (cookie) {
						// The error state: an empty message, refused with its summary.
						await page.goto(`${server().url}/${lang}/events/ngi-forum-2025`);
						await page.locator('#message-body').fill(' ');
						await page.locator('form.message-form button[type=submit]').click();
						await page.locator('.error-summary').waitFor();
						await check('errors');
					}
					await page.context().close();
				}
				expect(found).toEqual({});
			}
		);
	}
});
