import ICAL from 'ical.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import { eventFormValues } from '../src/lib/server/forms/events';
import { postFormValues } from '../src/lib/server/forms/posts';
import * as posts from '../src/lib/server/content/posts';
import * as revisions from '../src/lib/server/content/revisions';
import * as factories from '../src/lib/server/testing/factories';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

/*
 * The organiser's day (issue 11), through real form posts from two sessions: no save silently
 * undoes another organiser's change, saving never changes a status, publishing dates a post.
 */

// This file creates, cancels and publishes: a server and database of its own.
const server = useOwnServer();
afterEach((context) => {
	if (context.task.result?.state === 'fail') console.log(server().output().slice(-3000));
});
let jeanne = { cookie: '', name: '' };
let clarisse = { cookie: '', name: '' };
let admin = { cookie: '', name: '' };
beforeAll(async () => {
	const login = async (role: 'admin' | 'organiser') => {
		const o = await makeOrganiser(role);
		return { cookie: await loginCookie(o.email, o.password), name: o.name };
	};
	jeanne = await login('organiser');
	clarisse = await login('organiser');
	admin = await login('admin');
});

const location = (response: Response) => response.headers.get('location') ?? '';

function apero() {
	return events.create(serverDb(), factories.eventInput());
}

async function calendarEntry(slug: string) {
	const [vevent] = new ICAL.Component(
		ICAL.parse(await (await get(`/en/events/${slug}.ics`)).text())
	).getAllSubcomponents('vevent');
	return new ICAL.Event(vevent);
}

describe('two organisers, one event, two tabs', () => {
	it('merges changes to different fields without asking: nothing of either is lost, on the site or in calendars', async () => {
		const event = apero();
		// Both tabs opened the same version.
		const form = { ...eventFormValues(event) };
		const first = await postForm(
			`/fr/organiser/events/${event.id}?/save`,
			{ ...form, startTime: '19:00', venue_fr: 'Maison des communs', intent: 'save' },
			{ cookie: jeanne.cookie }
		);
		expect(location(first)).toMatch(/\?done=saved$/);
		const second = await postForm(
			`/en/organiser/events/${event.id}?/save`,
			{ ...form, summary_en: 'Drinks and talks', city_fr: 'Ixelles', intent: 'save' },
			{ cookie: clarisse.cookie }
		);
		expect(second.status).toBe(303);
		expect(location(second)).toMatch(/\?done=merged$/);

		const saved = events.findById(serverDb(), event.id)!;
		expect(saved.start).toBe('2031-06-19T17:00:00.000Z');
		expect(saved.texts.fr).toMatchObject({ venue: 'Maison des communs', city: 'Ixelles' });
		expect(saved.texts.en!.summary).toBe('Drinks and talks');
		const entry = await calendarEntry(saved.slug);
		expect(entry.startDate.toJSDate().toISOString()).toBe('2031-06-19T17:00:00.000Z');
		expect(entry.location).toContain('La Tricoterie');
		const fr = ICAL.parse(await (await get(`/fr/events/${saved.slug}.ics`)).text());
		expect(
			new ICAL.Event(new ICAL.Component(fr).getFirstSubcomponent('vevent')!).location
		).toContain('Maison des communs, Ixelles');

		// The page says it merged, and the history names the fields each save changed.
		const page = await getPage(location(second), { cookie: clarisse.cookie });
		expect(textOf(page.doc.querySelector('[role=status]'))).not.toBe('');
		const [latest, earlier] = revisions.listRevisions(serverDb(), 'event', event.id);
		expect(latest!.fields.sort()).toEqual(['city_fr', 'summary_en']);
		expect(earlier!.fields.sort()).toEqual(['start', 'venue_fr']);
	});

	it('shows only the field both changed, with who saved theirs; writes nothing; then takes the choice made', async () => {
		const event = apero();
		const form = { ...eventFormValues(event) };
		await postForm(
			`/fr/organiser/events/${event.id}?/save`,
			{ ...form, startTime: '19:00', venue_fr: 'Maison des communs', intent: 'save' },
			{ cookie: jeanne.cookie }
		);
		const clash = await postForm(
			`/fr/organiser/events/${event.id}?/save`,
			{ ...form, venue_fr: 'Salle des fêtes', summary_en: 'Mine', intent: 'save' },
			{ cookie: clarisse.cookie }
		);
		expect(clash.status).toBe(409);
		const html = await clash.text();
		expect(html).toContain('Maison des communs');
		expect(html).toContain('Salle des fêtes');
		expect(html).toContain(jeanne.name);
		// The other changes of theirs are merged into the form (19:00), not offered as conflicts.
		expect(html).toContain('value="19:00"');
		expect(html).toContain('name="choose_venue_fr"');
		expect(html).not.toContain('name="choose_start"');
		expect(events.findById(serverDb(), event.id)!.version).toBe(2);

		// Clarisse takes Jeanne's venue and keeps her own summary.
		const resolved = await postForm(
			`/fr/organiser/events/${event.id}?/save`,
			{
				...form,
				startTime: '19:00',
				venue_fr: 'Salle des fêtes',
				summary_en: 'Mine',
				choose_venue_fr: 'theirs',
				version: '2',
				intent: 'save'
			},
			{ cookie: clarisse.cookie }
		);
		expect(location(resolved)).toMatch(/\?done=resolved$/);
		const saved = events.findById(serverDb(), event.id)!;
		expect(saved.texts.fr!.venue).toBe('Maison des communs');
		expect(saved.texts.en!.summary).toBe('Mine');
		expect(saved.start).toBe('2031-06-19T17:00:00.000Z');
	});

	it('does not undo a cancellation made while another tab was open', async () => {
		const event = apero();
		const form = { ...eventFormValues(event) };
		await postForm(
			`/fr/organiser/events/${event.id}?/cancel`,
			{ version: String(event.version), confirmed: '1' },
			{ cookie: jeanne.cookie }
		);
		const later = await postForm(
			`/fr/organiser/events/${event.id}?/save`,
			{ ...form, status: 'scheduled', summary_fr: 'Plus tard', intent: 'save' },
			{ cookie: clarisse.cookie }
		);
		expect(location(later)).toMatch(/\?done=merged$/);
		const saved = events.findById(serverDb(), event.id)!;
		expect(saved.status).toBe('cancelled');
		expect(saved.texts.fr!.summary).toBe('Plus tard');
		expect((await calendarEntry(saved.slug)).component.getFirstPropertyValue('status')).toBe(
			'CANCELLED'
		);
	});
});

describe('two organisers, one post', () => {
	it('merges a body and a link saved apart, and refuses only a body both changed', async () => {
		const post = posts.create(serverDb(), {
			kind: 'podcast',
			texts: { fr: { title: 'Épisode', body: 'départ' }, en: { title: 'Episode', body: 'start' } }
		});
		const form = { ...postFormValues(post), intent: 'save' };
		await postForm(
			`/fr/organiser/posts/${post.id}?/save`,
			{ ...form, body_fr: 'texte de Jeanne' },
			{ cookie: jeanne.cookie }
		);
		const merged = await postForm(
			`/fr/organiser/posts/${post.id}?/save`,
			{ ...form, mediaUrl: 'https://example.org/episode.mp3' },
			{ cookie: clarisse.cookie }
		);
		expect(location(merged)).toMatch(/\?done=merged$/);
		expect(posts.findById(serverDb(), post.id)).toMatchObject({
			mediaUrl: 'https://example.org/episode.mp3',
			texts: { fr: { body: 'texte de Jeanne' } }
		});

		const clash = await postForm(
			`/fr/organiser/posts/${post.id}?/save`,
			{ ...form, body_fr: 'texte de Clarisse' },
			{ cookie: clarisse.cookie }
		);
		expect(clash.status).toBe(409);
		const html = await clash.text();
		expect(html).toContain('name="choose_body_fr"');
		expect(html).not.toContain('name="choose_mediaUrl"');
		expect(posts.findById(serverDb(), post.id)!.texts.fr!.body).toBe('texte de Jeanne');
	});
});

describe('saving apart from publishing', () => {
	it('keeps a live post live when it is saved, whatever the button, and when a draft revision is restored', async () => {
		const draft = posts.create(serverDb(), {
			kind: 'article',
			status: 'draft',
			slug: 'en-ligne',
			texts: { fr: { title: 'En ligne', body: 'brouillon' } }
		});
		const [draftRevision] = revisions.listRevisions(serverDb(), 'post', draft.id);
		const published = await postForm(
			`/fr/organiser/posts/${draft.id}?/publish`,
			{},
			{ cookie: jeanne.cookie }
		);
		expect(location(published)).toMatch(/\?done=published$/);
		expect((await get('/fr/posts/en-ligne')).status).toBe(200);

		// An old page's "Save draft" sends intent=draft: a save, never an unpublish.
		for (const intent of ['save', 'draft']) {
			const current = posts.findById(serverDb(), draft.id)!;
			const saved = await postForm(
				`/fr/organiser/posts/${draft.id}?/save`,
				{ ...postFormValues(current), body_fr: `corrigé (${intent})`, intent },
				{ cookie: jeanne.cookie }
			);
			expect(location(saved)).toMatch(/\?done=saved$/);
			expect(posts.findById(serverDb(), draft.id)!.status).toBe('published');
			expect((await get('/fr/posts/en-ligne')).status).toBe(200);
		}

		const current = posts.findById(serverDb(), draft.id)!;
		const restore = await postForm(
			`/fr/organiser/posts/${draft.id}/history?/restore`,
			{ revision: String(draftRevision!.id), version: String(current.version) },
			{ cookie: jeanne.cookie }
		);
		expect(location(restore)).toMatch(/\?done=restored$/);
		const restored = posts.findById(serverDb(), draft.id)!;
		expect(restored).toMatchObject({ status: 'published', texts: { fr: { body: 'brouillon' } } });
		expect((await get('/fr/posts/en-ligne')).status).toBe(200);

		// The history names each step, and its version numbers are the post's.
		const list = revisions.listRevisions(serverDb(), 'post', draft.id);
		expect(list.map((r) => r.action)).toEqual(['restore', 'update', 'update', 'publish', 'create']);
		expect(list.map((r) => r.version)).toEqual([5, 4, 3, 2, 1]);
		expect(restored.version).toBe(5);
		const history = await getPage(`/en/organiser/posts/${draft.id}/history`, {
			cookie: jeanne.cookie
		});
		const entries = history.doc.querySelectorAll('.history li').map((li) => textOf(li));
		expect(entries).toHaveLength(5);
		expect(entries[0]).toMatch(/restored/);
		expect(entries[0]).toMatch(/Text \(French\)/);
		expect(entries[3]).toMatch(/published/);
	});

	it('unpublishes only once confirmed, as its own action', async () => {
		const post = posts.create(serverDb(), {
			kind: 'article',
			slug: 'a-retirer',
			texts: { en: { title: 'To withdraw' } }
		});
		const asked = await postForm(
			`/en/organiser/posts/${post.id}?/unpublish`,
			{},
			{ cookie: jeanne.cookie }
		);
		expect(asked.status).toBe(200);
		expect(await asked.text()).toContain('name="confirmed"');
		expect(posts.findById(serverDb(), post.id)!.status).toBe('published');
		const done = await postForm(
			`/en/organiser/posts/${post.id}?/unpublish`,
			{ confirmed: '1' },
			{ cookie: jeanne.cookie }
		);
		expect(location(done)).toMatch(/\?done=unpublished$/);
		expect((await get('/en/posts/a-retirer')).status).toBe(404);
	});

	it('dates a post published without a date today, in the hub’s zone', async () => {
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(Date.now());
		const created = await postForm(
			'/en/organiser/posts/new?/save',
			{
				...postFormValues({
					kind: 'article',
					eventId: null,
					publishedOn: null,
					mediaUrl: null,
					slug: '',
					texts: {},
					version: 0
				}),
				version: '',
				title_en: 'Dated today',
				intent: 'publish'
			},
			{ cookie: jeanne.cookie }
		);
		expect(location(created)).toMatch(/\?done=published$/);
		const id = Number(/posts\/(\d+)/.exec(location(created))![1]);
		expect(posts.findById(serverDb(), id)).toMatchObject({
			status: 'published',
			publishedOn: today
		});

		const draft = posts.create(serverDb(), {
			kind: 'article',
			status: 'draft',
			texts: { en: { title: 'Dated later' } }
		});
		await postForm(
			`/en/organiser/posts/${draft.id}?/save`,
			{ ...postFormValues(draft), intent: 'publish' },
			{ cookie: jeanne.cookie }
		);
		expect(posts.findById(serverDb(), draft.id)).toMatchObject({
			status: 'published',
			publishedOn: today
		});
	});
});

describe('event drafts, preview and status actions', () => {
	it('prepares a new event out of every reader’s and subscriber’s sight, previews it, then publishes it', async () => {
		const fields = {
			...eventFormValues({
				slug: '',
				allDay: true,
				start: '2031-09-12',
				end: '2031-09-12',
				timeZone: 'Europe/Paris',
				country: 'FR',
				host: null,
				texts: {},
				version: 0
			}),
			version: '',
			title_fr: 'Rencontre en préparation',
			description_fr: 'Un **programme** à venir'
		};
		const preview = await postForm(
			'/fr/organiser/events/new?/save',
			{ ...fields, intent: 'preview' },
			{ cookie: jeanne.cookie }
		);
		expect(preview.status).toBe(200);
		expect(await preview.text()).toContain('<strong>programme</strong>');

		// A hostile description previews as text: no element, no script address gets through.
		const hostile = await postForm(
			'/fr/organiser/events/new?/save',
			{
				...fields,
				description_fr:
					'<script>alert(1)</script> <img src=x onerror=alert(2)> [lien](javascript:alert(3))',
				intent: 'preview'
			},
			{ cookie: jeanne.cookie }
		);
		const html = await hostile.text();
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).not.toContain('<script>alert(1)');
		expect(html).not.toMatch(/<img[^>]*onerror/);
		expect(html).not.toMatch(/href="javascript:/i);
		expect(events.listAll(serverDb()).some((e) => e.slug === 'rencontre-en-preparation')).toBe(
			false
		);

		const created = await postForm(
			'/fr/organiser/events/new?/save',
			{ ...fields, intent: 'save' },
			{ cookie: jeanne.cookie }
		);
		expect(location(created)).toMatch(/\?done=created$/);
		const id = Number(/events\/(\d+)/.exec(location(created))![1]);
		expect(events.findById(serverDb(), id)!.draft).toBe(true);
		expect((await get('/fr/events/rencontre-en-preparation')).status).toBe(404);
		expect((await get('/fr/events/rencontre-en-preparation.ics')).status).toBe(404);
		expect(await (await get('/fr/calendar.ics')).text()).not.toContain('Rencontre en préparation');
		expect(await (await get('/fr')).text()).not.toContain('Rencontre en préparation');
		expect(await (await get('/fr/search?q=preparation')).text()).not.toContain(
			'Rencontre en préparation'
		);
		const sitemap = await (await get('/sitemap.xml')).text();
		expect(sitemap).not.toContain('rencontre-en-preparation');

		const published = await postForm(
			`/fr/organiser/events/${id}?/publish`,
			{},
			{ cookie: jeanne.cookie }
		);
		expect(location(published)).toMatch(/\?done=published$/);
		expect((await get('/fr/events/rencontre-en-preparation')).status).toBe(200);
		expect(await (await get('/fr/calendar.ics')).text()).toContain('Rencontre en préparation');
	});

	it('names every status change in the history, with versions that agree', async () => {
		const event = apero();
		const post = (action: string, fields: Record<string, string> = {}) =>
			postForm(
				`/en/organiser/events/${event.id}?/${action}`,
				{ confirmed: '1', ...fields },
				{ cookie: jeanne.cookie }
			);
		expect(location(await post('cancel'))).toMatch(/done=cancelled/);
		expect(location(await post('reinstate'))).toMatch(/done=reinstated/);
		expect(location(await post('archive'))).toMatch(/done=archived/);
		const list = revisions.listRevisions(serverDb(), 'event', event.id);
		expect(list.map((r) => [r.version, r.action])).toEqual([
			[4, 'archive'],
			[3, 'reinstate'],
			[2, 'cancel'],
			[1, 'create']
		]);
		expect(events.findById(serverDb(), event.id)!.version).toBe(4);
		const history = await getPage(`/en/organiser/events/${event.id}/history`, {
			cookie: jeanne.cookie
		});
		const entries = history.doc.querySelectorAll('.history li').map((li) => textOf(li));
		expect(entries.map((e) => /archived|reinstated|cancelled|created/.exec(e)?.[0])).toEqual([
			'archived',
			'reinstated',
			'cancelled',
			'created'
		]);
		// The zone is named the same way in both languages: its full name.
		expect(entries[0]).toMatch(/\(Central European (Standard|Summer) Time\)/);
		const french = await getPage(`/fr/organiser/events/${event.id}/history`, {
			cookie: jeanne.cookie
		});
		expect(textOf(french.doc.querySelector('.history li'))).toMatch(
			/\(heure (normale|d’été) d’Europe centrale\)/
		);

		// Bringing back is an admin's decision: 403 with a message on this page for anyone else.
		const refused = await post('unarchive');
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('administrat');
		expect(
			location(
				await postForm(`/en/organiser/events/${event.id}?/unarchive`, {}, { cookie: admin.cookie })
			)
		).toMatch(/done=unarchived/);
	});

	it('reports every problem of a form in one answer, and keeps what was typed', async () => {
		const taken = apero();
		const response = await postForm(
			'/en/organiser/events/new?/save',
			{
				...eventFormValues({
					slug: '',
					allDay: false,
					start: '2031-05-02T08:00:00.000Z',
					end: '2031-05-02T09:00:00.000Z',
					timeZone: 'Europe/Paris',
					country: null,
					host: null,
					texts: {},
					version: 0
				}),
				version: '',
				slug: taken.slug,
				endTime: '09:00',
				startTime: '10:00',
				title_fr: 'Atelier',
				summary_fr: 's'.repeat(2_001),
				summary_en: 'An English summary without a title',
				intent: 'save'
			},
			{ cookie: jeanne.cookie }
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		for (const message of [
			'This address is already taken.',
			'The end must come after the start.',
			'The English texts have no title',
			'2,000'
		]) {
			expect(html).toContain(message);
		}
		expect(html).toContain('An English summary without a title');
		expect(events.listAll(serverDb()).filter((e) => e.texts.fr?.title === 'Atelier')).toHaveLength(
			0
		);
	});

	it('refuses previews over the limits instead of rendering them, and refuses to publish an archived draft', async () => {
		const fields = {
			...eventFormValues({
				slug: '',
				allDay: true,
				start: '2031-10-01',
				end: '2031-10-01',
				timeZone: 'Europe/Paris',
				country: 'FR',
				host: null,
				texts: {},
				version: 0
			}),
			version: '',
			title_fr: 'Trop long',
			description_fr: 'x'.repeat(20_001)
		};
		const preview = await postForm(
			'/en/organiser/events/new?/save',
			{ ...fields, intent: 'preview' },
			{ cookie: jeanne.cookie }
		);
		expect(preview.status).toBe(400);
		expect(await preview.text()).toContain('20,000');

		const created = await postForm(
			'/fr/organiser/events/new?/save',
			{ ...fields, description_fr: 'brouillon', intent: 'save' },
			{ cookie: jeanne.cookie }
		);
		const id = Number(/events\/(\d+)/.exec(location(created))![1]);
		await postForm(
			`/fr/organiser/events/${id}?/archive`,
			{ confirmed: '1' },
			{ cookie: jeanne.cookie }
		);
		const refused = await postForm(
			`/en/organiser/events/${id}?/publish`,
			{},
			{ cookie: jeanne.cookie }
		);
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain('This event is archived');
		expect(events.findById(serverDb(), id)!.draft).toBe(true);
		expect(await (await get('/fr/calendar.ics')).text()).not.toContain(
			events.findById(serverDb(), id)!.uid
		);
	});
});
