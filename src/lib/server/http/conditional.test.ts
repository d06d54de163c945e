import { describe, expect, it } from 'vitest';
import { conditionalResponse, etagOf } from './conditional';

const lastModified = Date.parse('2025-05-01T10:00:00.500Z');
const respond = (headers: Record<string, string>) =>
	conditionalResponse(new Request('http://x/', { headers }), 'BEGIN:VCALENDAR', {
		lastModified,
		headers: { 'content-type': 'text/calendar; charset=utf-8' }
	});

describe('conditionalResponse', () => {
	it('answers 200 with validators, then 304 to a matching conditional request', async () => {
		const first = respond({});
		expect(first.status).toBe(200);
		expect(await first.text()).toBe('BEGIN:VCALENDAR');
		expect(first.headers.get('etag')).toBe(etagOf('BEGIN:VCALENDAR'));
		expect(first.headers.get('last-modified')).toBe('Thu, 01 May 2025 10:00:00 GMT');

		const etag = first.headers.get('etag')!;
		expect(respond({ 'if-none-match': etag }).status).toBe(304);
		expect(respond({ 'if-none-match': `"other", W/${etag}` }).status).toBe(304);
		expect(respond({ 'if-none-match': '"other"' }).status).toBe(200);
	});

	it('uses If-Modified-Since only without If-None-Match', () => {
		expect(respond({ 'if-modified-since': 'Thu, 01 May 2025 10:00:00 GMT' }).status).toBe(304);
		expect(respond({ 'if-modified-since': 'Thu, 01 May 2025 09:59:59 GMT' }).status).toBe(200);
		expect(respond({ 'if-modified-since': 'garbage' }).status).toBe(200);
		expect(
			respond({ 'if-none-match': '"other"', 'if-modified-since': 'Thu, 01 May 2025 10:00:00 GMT' })
				.status
		).toBe(200);
	});
});
