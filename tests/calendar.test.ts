import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { get } from './helpers/http';

function events(ics: string) {
	return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe.each([
	['/fr/calendar.ics', 'feed'],
	['/en/calendar.ics', 'feed'],
	['/fr/events/ngi-forum-2025.ics', 'file'],
	['/en/events/autonomie-numerique-communs-2025.ics', 'file']
])('%s', (path, kind) => {
	it('answers text/calendar with validators, and 304 to conditional requests', async () => {
		const first = await get(path);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const etag = first.headers.get('etag');
		const lastModified = first.headers.get('last-modified');
		// Weak once compressed: same content, other bytes.
		expect(etag).toMatch(/^(W\/)?"[\w-]+"$/);
		expect(Number.isNaN(Date.parse(lastModified!))).toBe(false);
		if (kind === 'file') {
			expect(first.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.ics"/);
		}
		expect(events(await first.text()).length).toBeGreaterThan(0);

		const byTag = await get(path, { 'if-none-match': etag! });
		expect(byTag.status).toBe(304);
		expect(await byTag.text()).toBe('');
		expect(byTag.headers.get('etag')).toBe(etag);
		expect((await get(path, { 'if-modified-since': lastModified! })).status).toBe(304);
		expect((await get(path, { 'if-none-match': '"stale"' })).status).toBe(200);
	});
});

describe('calendar contents', () => {
	it('gives each event the same UID in both languages and in the feed and file', async () => {
		const [fr, en, file] = await Promise.all(
			['/fr/calendar.ics', '/en/calendar.ics', '/en/events/ngi-forum-2025.ics'].map(async (p) => events(await (await get(p)).text()))
		);
		const uidOf = (list: ICAL.Event[], summary: RegExp) => list.find((e) => summary.test(e.summary))!.uid;
		expect(uidOf(fr!, /Next Generation/)).toBe(uidOf(en!, /Next Generation/));
		expect(file![0]!.uid).toBe(uidOf(fr!, /Next Generation/));
		expect(new Set(fr!.map((e) => e.uid)).size).toBe(fr!.length);
	});

	it('names the feed and writes texts in its language, ending with the page link', async () => {
		const enText = await (await get('/en/calendar.ics')).text();
		const calendar = new ICAL.Component(ICAL.parse(enText));
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Rencontres — events');
		const coop = events(enText).find((e) => e.summary === 'For digital autonomy built on the commons')!;
		expect(coop.startDate.toString()).toBe('2025-07-01');
		expect(coop.endDate.toString()).toBe('2025-07-02');
		expect(coop.location).toBe('Paris, France');
		expect(coop.description).toMatch(/\/en\/events\/autonomie-numerique-communs-2025$/);

		const frText = await (await get('/fr/calendar.ics')).text();
		expect(new ICAL.Component(ICAL.parse(frText)).getFirstPropertyValue('x-wr-calname')).toBe('Rencontres — événements');
		expect(events(frText).map((e) => e.summary)).toContain('Pour une autonomie numérique fondée sur les communs');
	});
});
