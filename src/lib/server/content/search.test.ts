import { describe, expect, it } from 'vitest';
import * as events from './events';
import * as posts from './posts';
import * as search from './search';
import { seedDatabase } from './seed';
import { memoryDb } from '../testing/db';

function seeded() {
	const db = memoryDb();
	seedDatabase(db);
	return db;
}

const slugsOf = (outcome: search.SearchOutcome) =>
	outcome.status === 'ok' ? outcome.hits.map((h) => `${h.kind}:${h.slug}`) : [];

describe('search', () => {
	it('ignores accents and case, and matches prefixes', async () => {
		const db = seeded();
		expect(slugsOf(await search.search(db, 'numerique', 'fr'))).toContain(
			'event:autonomie-numerique-communs-2025'
		);
		expect(slugsOf(await search.search(db, 'NUMÉRIQUE', 'fr'))).toContain(
			'event:autonomie-numerique-communs-2025'
		);
		expect(slugsOf(await search.search(db, 'souver', 'fr'))).toContain('event:ngi-forum-2025');
		expect(slugsOf(await search.search(db, 'Kenya', 'en'))).toEqual([
			'post:ethique-et-performance-chatgpt'
		]);
	});

	it('ranks and puts results in the reader language first, with highlighted excerpts', async () => {
		const db = seeded();
		const en = await search.search(db, 'Eurostack', 'en');
		expect(en.status).toBe('ok');
		if (en.status !== 'ok') return;
		expect(en.hits).toHaveLength(1);
		expect(en.hits[0]).toMatchObject({ kind: 'post', slug: 'retour-ngi-forum-2025', lang: 'en' });
		expect(en.hits[0]!.excerptHtml).toContain('<mark>Eurostack</mark>');
		const fr = await search.search(db, 'Eurostack', 'fr');
		expect(fr.status === 'ok' && fr.hits[0]!.lang).toBe('fr');
	});

	it('follows edits, drafts and archiving', async () => {
		const db = seeded();
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		expect(slugsOf(await search.search(db, 'zanzibar', 'fr'))).toEqual([]);
		events.update(db, ngi.id, {
			...events.toInput(ngi),
			texts: { ...ngi.texts, fr: { ...ngi.texts.fr!, summary: 'Escale à Zanzibar' } }
		});
		expect(slugsOf(await search.search(db, 'zanzibar', 'fr'))).toEqual(['event:ngi-forum-2025']);
		events.setArchived(db, ngi.id, true);
		expect(slugsOf(await search.search(db, 'zanzibar', 'fr'))).toEqual([]);

		const draft = posts.create(db, {
			kind: 'article',
			status: 'draft',
			texts: { fr: { title: 'Brouillon', body: 'quokka' } }
		});
		expect(slugsOf(await search.search(db, 'quokka', 'fr'))).toEqual([]);
		posts.changeState(db, draft.id, 'publish');
		expect(slugsOf(await search.search(db, 'quokka', 'fr'))).toEqual([`post:${draft.slug}`]);
	});

	it.each([
		'"',
		'AND',
		'OR NOT',
		'*',
		'title:x',
		'NEAR(a b)',
		'-communs',
		"l'IA",
		'((',
		'\u0000',
		'🙂 communs'
	])('answers %j without an error', async (q) => {
		const db = seeded();
		await expect(search.search(db, q, 'fr')).resolves.toBeDefined();
	});

	it('gives each hit its own title and excerpt, not those of another match', async () => {
		const db = seeded();
		const outcome = await search.search(db, 'NGI', 'fr');
		expect(outcome.status).toBe('ok');
		if (outcome.status !== 'ok') return;
		const titles = Object.fromEntries(
			outcome.hits.map((h) => [`${h.kind}:${h.slug}`, h.titleHtml.replace(/<\/?mark>/g, '')])
		);
		expect(titles['event:ngi-forum-2025']).toBe('Next Generation Internet Forum 2025');
		expect(titles['post:retour-ngi-forum-2025']).toBe(
			'NGI Forum 2025 : ce que nous retenons de Bruxelles'
		);
	});

	it('refuses an overlong query and says nothing for an empty one', async () => {
		const db = seeded();
		expect(await search.search(db, 'a'.repeat(2000), 'fr')).toEqual({ status: 'too_long' });
		expect(await search.search(db, '  ?! ', 'fr')).toEqual({ status: 'empty' });
	});

	it('escapes what writers typed in titles and excerpts', async () => {
		const db = seeded();
		posts.create(db, {
			kind: 'article',
			texts: { fr: { title: '<img src=x onerror=alert(1)> lynx', body: '<script>lynx</script>' } }
		});
		const outcome = await search.search(db, 'lynx', 'fr');
		expect(outcome.status === 'ok' && outcome.hits[0]!.titleHtml).toBe(
			'&lt;img src=x onerror=alert(1)&gt; <mark>lynx</mark>'
		);
		expect(outcome.status === 'ok' && outcome.hits[0]!.excerptHtml).toBe(
			'&lt;script&gt;<mark>lynx</mark>&lt;/script&gt;'
		);
		// The private-use characters that stand for <mark> inside, typed by a writer, open none.
		posts.create(db, {
			kind: 'article',
			texts: { fr: { title: 'ocelot \uE000 tail', body: 'ocelot \uE001\uE000 body' } }
		});
		const marked = await search.search(db, 'ocelot', 'fr');
		expect(marked.status === 'ok' && marked.hits[0]!.titleHtml).toBe('<mark>ocelot</mark>  tail');
		expect(marked.status === 'ok' && marked.hits[0]!.excerptHtml).toBe('<mark>ocelot</mark>  body');
	});

	it('bounds its work: twelve words at most, short words as themselves, prefixes through the vocabulary', async () => {
		const db = seeded();
		const work = (): search.SearchWork => ({
			terms: 0,
			phrases: 0,
			candidates: 0,
			ranked: 0,
			excerpts: 0
		});
		const many = work();
		await search.search(
			db,
			'un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze',
			'fr',
			many
		);
		expect(many.terms).toBe(12);
		// « fo » would stand for every word in « fo… »: it stands for itself.
		const short = work();
		expect(slugsOf(await search.search(db, 'fo', 'en', short))).toEqual([]);
		expect(short.phrases).toBe(1);
		// « souver » is in no text as itself: it stands for the indexed words it begins.
		const typed = work();
		expect(slugsOf(await search.search(db, 'forum souver', 'fr', typed))).toContain(
			'event:ngi-forum-2025'
		);
		expect(typed.phrases).toBeGreaterThan(2);
	});

	it('runs one search at a time, queues a few, and turns away the rest', async () => {
		const db = seeded();
		const asked = Array.from({ length: 20 }, () => search.search(db, 'numerique', 'fr'));
		const statuses = (await Promise.all(asked)).map((o) => o.status);
		// One running, sixteen waiting: the last three are told to come back.
		expect(statuses.filter((s) => s === 'ok')).toHaveLength(17);
		expect(statuses.slice(17)).toEqual(['busy', 'busy', 'busy']);
		// The queue empties: the next search runs.
		expect((await search.search(db, 'numerique', 'fr')).status).toBe('ok');
	});
});
