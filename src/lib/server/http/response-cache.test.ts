import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as responseCache from './response-cache';

const asked = (over: Partial<responseCache.Asked> = {}): responseCache.Asked => ({
	method: 'GET',
	target: '/fr/events/x',
	acceptEncoding: 'br',
	ifNoneMatch: null,
	ifModifiedSince: null,
	cookie: null,
	...over
});

const page = (headers: Record<string, string> = {}) =>
	new Response('<p>page</p>', {
		headers: {
			'content-type': 'text/html',
			'last-modified': 'Tue, 01 Jul 2025 10:00:00 GMT',
			...headers
		}
	});

function headerOf(answer: responseCache.Answer, name: string) {
	const i = answer.headers.findIndex((h, index) => index % 2 === 0 && h === name);
	return i < 0 ? null : answer.headers[i + 1]!;
}

const ROUTE = '/(reader)/events/[slug]';

describe('response cache', () => {
	beforeEach(() => {
		responseCache.enable();
		responseCache.clear();
	});

	it('answers only anonymous reads from memory', () => {
		expect(responseCache.cacheable(asked())).toBe(true);
		expect(responseCache.cacheable(asked({ cookie: 'lang=fr; session=abc' }))).toBe(false);
		expect(responseCache.cacheable(asked({ method: 'POST' }))).toBe(false);
	});

	it('takes a dead or forged session cookie for a stranger, not a reason to render', () => {
		responseCache.enable({ sessionIsLive: (token) => token === 'live' });
		expect(responseCache.cacheable(asked({ cookie: 'session=forged' }))).toBe(true);
		expect(responseCache.cacheable(asked({ cookie: 'lang=en; session=live' }))).toBe(false);
		expect(responseCache.cacheable(asked({ cookie: 'session=%E0%A4%A' }))).toBe(true);
	});

	it('stores an address only as browsers spell it, not each of its encoded spellings', () => {
		expect(responseCache.storableRoute(ROUTE, '/fr/%65vents/x')).toBe(false);
		expect(responseCache.storableRoute('/(reader)/search', '/fr/search?q=%c3%a9t%c3%a9')).toBe(
			false
		);
		expect(
			responseCache.storableRoute('/(reader)/search', '/fr/search?q=%C3%A9t%C3%A9+libre')
		).toBe(true);
	});

	it('keeps pages through a flood of unique searches, even one that asks each twice', async () => {
		const hot = asked({ target: '/fr/events/hot' });
		const hotKey = responseCache.keyFor(hot, '1');
		await responseCache.fill(hotKey, hot, ROUTE, () => page());
		responseCache.lookup(hotKey, hot);
		for (let i = 0; i < 3000; i++) {
			const one = asked({ target: `/fr/search?q=${i}${'x'.repeat(200)}` });
			const key = responseCache.keyFor(one, '1');
			await responseCache.fill(key, one, '/(reader)/search', () => new Response('x'.repeat(8000)));
			responseCache.lookup(key, one);
		}
		expect(responseCache.lookup(hotKey, hot)).not.toBeNull();
	});

	it('stores only reader routes, decided on the matched route, with no parameter they do not read', () => {
		expect(responseCache.storableRoute(ROUTE, '/fr/events/x')).toBe(true);
		expect(responseCache.storableRoute('/(reader)/search', '/fr/search?q=commun')).toBe(true);
		expect(responseCache.storableRoute('/(reader)', '/fr/?past=2')).toBe(true);
		// The organiser area, whatever its spelling, the switch, health, data requests and unmatched addresses.
		expect(responseCache.storableRoute('/organiser', '/fr/%6Frganiser')).toBe(false);
		expect(responseCache.storableRoute('/organiser/posts/[id]', '/fr/organiser/posts/4')).toBe(
			false
		);
		expect(responseCache.storableRoute('/(reader)/language', '/en/language?path=/')).toBe(false);
		expect(responseCache.storableRoute('/healthz', '/healthz')).toBe(false);
		expect(responseCache.storableRoute(null, '/fr/nothing')).toBe(false);
		expect(responseCache.storableRoute('constructor', '/constructor')).toBe(false);
		// Parameters the page does not read make every address unique: answered, not kept.
		expect(responseCache.storableRoute('/robots.txt', '/robots.txt?n=1')).toBe(false);
		expect(responseCache.storableRoute('/(reader)/calendar.ics', '/fr/calendar.ics?cb=7')).toBe(
			false
		);
		expect(responseCache.storableRoute('/(reader)/search', '/fr/search?q=a&r=1')).toBe(false);
		expect(
			responseCache.storableRoute('/(reader)/search', `/fr/search?q=${'a'.repeat(2000)}`)
		).toBe(false);
	});

	it('names routes that exist', () => {
		for (const id of responseCache.cachedRouteIds()) {
			expect(fs.existsSync(path.join('src/routes', id)), id).toBe(true);
		}
	});

	it('passes on, unkept, what a route that may not be stored answers', async () => {
		const target = '/en/organiser';
		const key = responseCache.keyFor(asked({ target }), '1');
		await responseCache.fill(key, asked({ target }), '/organiser', () => page());
		expect(responseCache.lookup(key, asked({ target }))).toBeNull();
		expect(responseCache.stats().entries).toBe(0);
	});

	it('stays within its bounds under a flood of unique addresses, and keeps the pages readers come back to', async () => {
		const hot = asked({ target: '/fr/search?q=hot' });
		const hotKey = responseCache.keyFor(hot, '1');
		await responseCache.fill(hotKey, hot, '/(reader)/search', () => page());
		expect(responseCache.lookup(hotKey, hot)).not.toBeNull();
		for (let i = 0; i < 6000; i++) {
			const one = asked({ target: `/fr/search?q=${i}-${'x'.repeat(900)}` });
			await responseCache.fill(
				responseCache.keyFor(one, '1'),
				one,
				'/(reader)/search',
				() => new Response('x'.repeat(4000))
			);
		}
		const { entries, bytes } = responseCache.stats();
		expect(entries).toBeLessThanOrEqual(4096);
		// Keys (900+ characters) and headers count, not only bodies.
		expect(bytes).toBeGreaterThan(entries * (4000 + 1800));
		expect(bytes).toBeLessThanOrEqual(24 * 1024 * 1024);
		expect(responseCache.lookup(hotKey, hot)).not.toBeNull();
	});

	it('stores nothing until the app knows its public origin', () => {
		responseCache.disable();
		expect(responseCache.cacheable(asked())).toBe(false);
	});

	it('keys on the content state, encoding and address', () => {
		const key = responseCache.keyFor(asked(), '7.1000');
		expect(responseCache.keyFor(asked(), '7.1000')).toBe(key);
		expect(responseCache.keyFor(asked({ acceptEncoding: 'gzip' }), '7.1000')).not.toBe(key);
		expect(responseCache.keyFor(asked({ target: '/fr/events/x?a=1' }), '7.1000')).not.toBe(key);
		expect(responseCache.keyFor(asked(), '7.2000')).not.toBe(key);
		expect(responseCache.keyFor(asked(), '8.1000')).not.toBe(key);
	});

	it('answers a stored page, then 304 on its ETag or its date, with the same validators', async () => {
		const key = responseCache.keyFor(asked(), '1');
		const first = await responseCache.fill(key, asked(), ROUTE, () => page());
		const etag = first.headers.get('etag')!;
		expect(first.headers.get('cache-control')).toBe(
			`public, max-age=${responseCache.PAGE_MAX_AGE}`
		);
		const hit = responseCache.lookup(key, asked())!;
		expect(hit.status).toBe(200);
		expect(new TextDecoder().decode(hit.body!)).toBe('<p>page</p>');
		const revalidated = responseCache.lookup(key, asked({ ifNoneMatch: `"x", ${etag}` }))!;
		expect(revalidated).toMatchObject({ status: 304, body: null });
		expect(headerOf(revalidated, 'etag')).toBe(etag);
		expect(headerOf(revalidated, 'content-length')).toBeNull();
		expect(
			responseCache.lookup(key, asked({ ifModifiedSince: 'Tue, 01 Jul 2025 10:00:00 GMT' }))!.status
		).toBe(304);
		// If-None-Match decides when both are sent.
		expect(
			responseCache.lookup(
				key,
				asked({ ifNoneMatch: '"other"', ifModifiedSince: 'Tue, 01 Jul 2025 10:00:00 GMT' })
			)!.status
		).toBe(200);
		expect(responseCache.lookup(key, asked({ method: 'HEAD' }))).toMatchObject({
			status: 200,
			body: null
		});
	});

	it('never stores an answer meant for one reader, or for nobody to keep', async () => {
		for (const response of [
			page({ 'set-cookie': 'a=b' }),
			page({ 'cache-control': 'private, no-store' }),
			new Response('gone', { status: 404 })
		]) {
			const key = responseCache.keyFor(asked(), '1');
			await responseCache.fill(key, asked(), ROUTE, () => response);
			expect(responseCache.lookup(key, asked())).toBeNull();
		}
	});

	it('renders once for concurrent misses of one key, and each answers from that render', async () => {
		const key = responseCache.keyFor(asked(), '1');
		let renders = 0;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const render = async () => {
			renders++;
			await gate;
			return page();
		};
		const answers = [
			responseCache.fill(key, asked(), ROUTE, render),
			responseCache.fill(key, asked(), ROUTE, render),
			responseCache.fill(key, asked({ method: 'HEAD' }), ROUTE, render)
		];
		release();
		const [a, b, head] = await Promise.all(answers);
		expect(renders).toBe(1);
		expect(await a!.text()).toBe('<p>page</p>');
		expect(await b!.text()).toBe('<p>page</p>');
		expect(head!.status).toBe(200);
		expect(await head!.text()).toBe('');
	});

	it('lets each waiting request render its own when the answer may not be kept', async () => {
		const key = responseCache.keyFor(asked(), '1');
		let renders = 0;
		const render = async () => (renders++, new Response('missing', { status: 404 }));
		const answers = await Promise.all([
			responseCache.fill(key, asked(), ROUTE, render),
			responseCache.fill(key, asked(), ROUTE, render)
		]);
		expect(answers.map((r) => r.status)).toEqual([404, 404]);
		expect(renders).toBe(2);
	});

	it('forgets every entry of an older version', async () => {
		const key = responseCache.keyFor(asked(), '1');
		await responseCache.fill(key, asked(), ROUTE, () => page());
		responseCache.keyFor(asked(), '2');
		expect(responseCache.lookup(key, asked())).toBeNull();
		expect(responseCache.stats()).toEqual({ entries: 0, bytes: 0 });
	});

	describe('tags', () => {
		const fillAs = (target: string, tags: string[], render = () => page()) => {
			const a = asked({ target });
			return responseCache.fill(responseCache.keyFor(a, 'v1'), a, ROUTE, render, () => tags);
		};
		const hit = (target: string) =>
			responseCache.lookup(responseCache.keyFor(asked({ target }), 'v1'), asked({ target }));

		it('drops the answers that show what changed, and only those', async () => {
			await fillAs('/fr/events/a', ['discussion:event:1', 'names']);
			await fillAs('/fr/events/b', ['discussion:event:2', 'names']);
			await fillAs('/fr/events/c', []);
			responseCache.invalidate(['discussion:event:1', 'forum']);
			expect(hit('/fr/events/a')).toBeNull();
			expect(hit('/fr/events/b')?.status).toBe(200);
			expect(hit('/fr/events/c')?.status).toBe(200);
			// Made again after the change, it is kept.
			await fillAs('/fr/events/a', ['discussion:event:1']);
			expect(hit('/fr/events/a')?.status).toBe(200);
		});

		it('drops every tagged answer when what changed is unknown (a write by another process)', async () => {
			await fillAs('/fr/events/a', ['discussion:event:1']);
			await fillAs('/fr/events/c', []);
			responseCache.invalidateTagged();
			expect(hit('/fr/events/a')).toBeNull();
			expect(hit('/fr/events/c')?.status).toBe(200);
		});

		it('drops a lagging tag at once, then once at the end of its window', async () => {
			await fillAs('/fr/', ['forum']);
			responseCache.invalidateSoon('forum', 50);
			expect(hit('/fr/')).toBeNull();
			await fillAs('/fr/', ['forum']);
			responseCache.invalidateSoon('forum', 50);
			responseCache.invalidateSoon('forum', 50);
			expect(hit('/fr/')?.status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 80));
			expect(hit('/fr/')).toBeNull();
		});

		it('never keeps an answer whose render began before a change it shows', async () => {
			const answer = await fillAs('/fr/events/a', ['discussion:event:1'], () => {
				responseCache.invalidate(['discussion:event:1']);
				return page();
			});
			expect(answer.status).toBe(200);
			expect(hit('/fr/events/a')).toBeNull();
		});
	});
});
