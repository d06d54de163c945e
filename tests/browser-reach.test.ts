import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './helpers/browser';
import { base } from './helpers/http';

if (!chromiumAvailable() && process.env.CI)
	throw new Error(`No Chromium at ${CHROMIUM}: .ci/run should install it`);

const axeSource = fs.readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

const PAGES = [
	['home', '/{lang}/'],
	['event', '/{lang}/events/ngi-forum-2025'],
	['event without recap', '/{lang}/events/autonomie-numerique-communs-2025'],
	['posts list', '/{lang}/posts'],
	['post', '/{lang}/posts/retour-ngi-forum-2025'],
	['search', '/{lang}/search?q=communs'],
	['404', '/{lang}/nowhere'],
	['login', '/{lang}/organiser/login']
] as const;

type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

describe.skipIf(!chromiumAvailable())('reach and access in a real browser', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	async function open(path: string, options: { bypassCSP?: boolean } = {}) {
		const context = await browser.newContext({ locale: 'fr-FR', ...options });
		const page = await context.newPage();
		const requests: string[] = [];
		page.on('request', (r) => requests.push(r.url()));
		const response = await page.goto(base() + path);
		return { context, page, requests, response };
	}

	async function axe(page: Page): Promise<AxeResult> {
		await page.addScriptTag({ content: axeSource });
		return page.evaluate(() =>
			(window as unknown as { axe: { run: (o: object) => Promise<AxeResult> } }).axe.run({
				runOnly: {
					type: 'tag',
					values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']
				}
			})
		);
	}

	for (const lang of ['fr', 'en']) {
		for (const [name, pattern] of PAGES) {
			it(`axe finds no violation on the ${name} page in ${lang}`, async () => {
				// CSP is bypassed only to inject axe itself; the page is the one readers get.
				const { context, page } = await open(pattern.replace('{lang}', lang), { bypassCSP: true });
				const result = await axe(page);
				const summary = result.violations.map(
					(v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
				);
				expect(summary).toEqual([]);
				await context.close();
			});
		}
	}

	it('reaches no other host from any page, and sets no cookie but the language', async () => {
		const origin = new URL(base()).origin;
		for (const [, pattern] of PAGES) {
			const { context, requests } = await open(pattern.replace('{lang}', 'en'));
			expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
			const cookies = await context.cookies();
			expect(cookies.map((c) => c.name).filter((n) => n !== 'lang')).toEqual([]);
			await context.close();
		}
	});

	it('gives the keyboard a skip link first, and a visible focus', async () => {
		const { context, page } = await open('/fr/events/ngi-forum-2025');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
		const outline = await page.evaluate(
			() => getComputedStyle(document.activeElement!).outlineStyle
		);
		expect(outline).not.toBe('none');
		await page.keyboard.press('Enter');
		expect(new URL(page.url()).hash).toBe('#main');
		await context.close();
	});

	it('serves the home page, with all it loads, in under 100 KB on the wire', async () => {
		const context = await browser.newContext({ locale: 'en-GB' });
		const page = await context.newPage();
		const session = await context.newCDPSession(page);
		await session.send('Network.enable');
		await session.send('Network.setCacheDisabled', { cacheDisabled: true });
		let bytes = 0;
		let responses = 0;
		session.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
			bytes += e.encodedDataLength;
			responses++;
		});
		await page.goto(`${base()}/en/`, { waitUntil: 'networkidle' });
		console.log(
			`home page weight on the wire: ${(bytes / 1024).toFixed(1)} KB in ${responses} responses`
		);
		expect(responses).toBeGreaterThanOrEqual(2);
		expect(bytes).toBeLessThan(100 * 1024);
		await context.close();
	});
});
