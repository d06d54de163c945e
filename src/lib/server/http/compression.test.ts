import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	chooseEncoding,
	compressResponse,
	isRenderedForOne,
	LARGE_BYTES,
	renderedForOne
} from './compression';

const page = '<!doctype html><p>' + 'communs numériques '.repeat(200) + '</p>';
const html = () =>
	new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"' } });

describe('compression', () => {
	it('prefers brotli, then gzip, honouring q=0', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});

	it('compresses text bodies, weakens the ETag and varies on Accept-Encoding', async () => {
		const br = await compressResponse(
			new Request('http://x/', { headers: { 'accept-encoding': 'br' } }),
			html()
		);
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('etag')).toBe('W/"abc"');
		expect(br.headers.get('vary')).toContain('Accept-Encoding');
		const bytes = Buffer.from(await br.arrayBuffer());
		expect(bytes.length).toBeLessThan(page.length / 5);
		expect(brotliDecompressSync(bytes).toString()).toBe(page);

		const gz = await compressResponse(
			new Request('http://x/', { headers: { 'accept-encoding': 'gzip' } }),
			html()
		);
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
	});

	it('compresses an answer made for one request quickly, small or large, and just as faithfully', async () => {
		// A page of varied text (a big home page weighs 105 KB), so that the qualities differ.
		const words = Array.from({ length: 12_000 }, (_, i) => `événement-${(i * 7919) % 5003}`);
		for (const body of [page, `<!doctype html><p>${words.join(' ')}</p>`]) {
			const response = () =>
				new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
			const request = () => new Request('http://x/', { headers: { 'accept-encoding': 'br' } });
			const kept = Buffer.from(await (await compressResponse(request(), response())).arrayBuffer());
			const quick = await compressResponse(request(), response(), { once: true });
			expect(quick.headers.get('content-encoding')).toBe('br');
			const bytes = Buffer.from(await quick.arrayBuffer());
			expect(quick.headers.get('content-length')).toBe(String(bytes.length));
			expect(brotliDecompressSync(bytes).toString()).toBe(body);
			// The quick quality trades a little size for time; the kept one is never larger.
			expect(kept.length).toBeLessThanOrEqual(bytes.length);
		}
		const request = new Request('http://x/');
		expect(isRenderedForOne(request)).toBe(false);
		renderedForOne(request);
		expect(isRenderedForOne(request)).toBe(true);
		expect(isRenderedForOne(new Request('http://x/'))).toBe(false);
	});

	it('leaves alone what it should not touch', async () => {
		const none = await compressResponse(new Request('http://x/'), html());
		expect(none.headers.get('content-encoding')).toBeNull();
		expect(await none.text()).toBe(page);
		const image = new Response(new Uint8Array(5000), { headers: { 'content-type': 'image/png' } });
		expect(
			(
				await compressResponse(
					new Request('http://x/', { headers: { 'accept-encoding': 'br' } }),
					image
				)
			).headers.get('content-encoding')
		).toBeNull();
	});

	it('compresses a large body once per strong ETag, without reading it again', async () => {
		const feed = Array.from({ length: 20_000 }, (_, i) => `${i} communs`).join(' ');
		expect(feed.length).toBeGreaterThan(LARGE_BYTES);
		const asked = () =>
			new Request('http://x/calendar.ics?cb=' + Math.random(), {
				headers: { 'accept-encoding': 'br' }
			});
		const headers = { 'content-type': 'text/calendar; charset=utf-8', etag: '"feed-1"' };
		const first = await compressResponse(asked(), new Response(feed, { headers }));
		const bytes = Buffer.from(await first.arrayBuffer());
		expect(brotliDecompressSync(bytes).toString()).toBe(feed);
		let pulls = 0;
		// Reading this body would never end: the test would time out.
		const unread = new ReadableStream({ pull: () => void pulls++ }, { highWaterMark: 0 });
		const again = await compressResponse(asked(), new Response(unread, { headers }));
		expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes);
		expect(again.headers.get('content-length')).toBe(String(bytes.length));
		expect(pulls).toBe(0);
	});
});
