import ICAL from 'ical.js';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import * as posts from '../src/lib/server/content/posts';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';
import { emptyEventForm } from '../src/lib/server/forms/events';
import { emptyPostForm } from '../src/lib/server/forms/posts';

let cookie = '';

async function getPageFrom(response: Response) {
	return parse(await response.text());
}
let adminCookie = '';
let adminEmail = '';
// This file publishes and cancels: it gets a server and database of its own.
useOwnServer();
beforeAll(async () => {
	const organiser = await makeOrganiser();
	cookie = await loginCookie(organiser.email, organiser.password);
	const admin = await makeOrganiser('admin');
	adminCookie = await loginCookie(admin.email, admin.password);
	adminEmail = admin.email;
});

const emptyPost = { ...emptyPostForm(), kind: 'recap' };

function savedId(response: Response): number {
	expect(response.status).toBe(303);
	const match = /\/organiser\/posts\/(\d+)\?done=(created|published|saved|merged)$/.exec(
		response.headers.get('location') ?? ''
	);
	expect(match).not.toBeNull();
	return Number(match![1]);
}

describe('writing posts', () => {
	it('keeps everything typed and says what is wrong, in the organiser language', async () => {
		const body = 'Un long texte **précieux**\n\navec des lignes.\n';
		const response = await postForm(
			'/en/organiser/posts/new?/save',
			{
				...emptyPost,
				body_fr: body,
				mediaUrl: 'ftp://nope',
				publishedOn: '2025-02-30',
				intent: 'publish'
			},
			{ cookie }
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('The form has errors: fix the fields marked.');
		expect(html).toContain('The French texts have no title: give them one, or empty them.');
		expect(html).toContain('Invalid link: it must start with https:// or http://.');
		expect(html).toContain('Invalid date.');
		expect(html).toContain('Un long texte **précieux**\n\navec des lignes.\n');
		expect(
			serverDb()
				.$client.prepare("select count(*) n from post_texts where body like '%précieux%'")
				.get()
		).toEqual({ n: 0 });
	});

	it('previews both languages without saving', async () => {
		const response = await postForm(
			'/fr/organiser/posts/new?/save',
			{
				...emptyPost,
				title_fr: 'Aperçu',
				body_fr: '**gras** <script>x</script>',
				title_en: 'Preview',
				body_en: '*it*',
				intent: 'preview'
			},
			{ cookie }
		);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('<strong>gras</strong> &lt;script&gt;x&lt;/script&gt;');
		expect(html).toContain('<em>it</em>');
		expect(
			serverDb().$client.prepare("select count(*) n from post_texts where title = 'Aperçu'").get()
		).toEqual({ n: 0 });
	});

	it('keeps drafts from readers, then publishes a bilingual recap that readers see at once', async () => {
		const coop = events.findBySlug(serverDb(), 'autonomie-numerique-communs-2025')!;
		const fields = {
			...emptyPost,
			eventId: String(coop.id),
			title_fr: 'Retour sur la journée de la Coop des Communs',
			body_fr: 'Nous y avons parlé de **communs numériques** et de droit européen.',
			title_en: 'Back from the Coop des Communs day',
			body_en: 'We spoke about **digital commons** and European law.'
		};
		const id = savedId(
			await postForm('/fr/organiser/posts/new?/save', { ...fields, intent: 'save' }, { cookie })
		);
		const draft = posts.findById(serverDb(), id)!;
		expect(draft.status).toBe('draft');
		expect(draft.slug).toBe('retour-sur-la-journee-de-la-coop-des-communs');
		expect((await get(`/fr/posts/${draft.slug}`)).status).toBe(404);
		let page = await getPage('/fr/events/autonomie-numerique-communs-2025');
		expect(page.doc.querySelectorAll('.recap-list a')).toHaveLength(0);

		savedId(
			await postForm(
				`/fr/organiser/posts/${id}?/save`,
				{ ...fields, version: String(draft.version), intent: 'publish' },
				{ cookie }
			)
		);
		for (const [lang, title] of [
			['fr', 'Retour sur la journée de la Coop des Communs'],
			['en', 'Back from the Coop des Communs day']
		] as const) {
			page = await getPage(`/${lang}/events/autonomie-numerique-communs-2025`);
			expect(page.doc.querySelectorAll('.recap-list a').map((a) => textOf(a))).toEqual([title]);
			const ics = await (await get(`/${lang}/events/autonomie-numerique-communs-2025.ics`)).text();
			const [vevent] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
			// French puts a no-break space before the colon (the calendar is built in the feed's language).
			expect(new ICAL.Event(vevent).description).toContain(
				`${title}${lang === 'fr' ? '\u00a0: ' : ': '}`
			);
			expect(new ICAL.Event(vevent).description).toContain(
				`/${lang}/posts/retour-sur-la-journee-de-la-coop-des-communs`
			);
		}
		const post = await getPage('/en/posts/retour-sur-la-journee-de-la-coop-des-communs');
		expect(textOf(post.doc.querySelector('.prose'))).toBe(
			'We spoke about digital commons and European law.'
		);
	});

	it('shows both texts on a conflicting save and overwrites nothing', async () => {
		const created = posts.create(serverDb(), {
			kind: 'article',
			status: 'draft',
			texts: { fr: { title: 'Conflit', body: 'version de départ' } }
		});
		const base = {
			...emptyPost,
			kind: 'article',
			title_fr: 'Conflit',
			version: String(created.version),
			intent: 'save'
		};
		savedId(
			await postForm(
				`/fr/organiser/posts/${created.id}?/save`,
				{ ...base, body_fr: 'texte de Jeanne' },
				{ cookie: adminCookie }
			)
		);
		const clash = await postForm(
			`/fr/organiser/posts/${created.id}?/save`,
			{ ...base, body_fr: 'texte de Clarisse' },
			{ cookie }
		);
		expect(clash.status).toBe(409);
		const html = await clash.text();
		expect(html).toContain('Quelqu’un a enregistré une autre version entre-temps');
		expect(html).toContain('texte de Jeanne');
		expect(html).toContain('texte de Clarisse');
		expect(posts.findById(serverDb(), created.id)!.texts.fr!.body).toBe('texte de Jeanne');
		// The form now carries the new version: saving again is a deliberate choice.
		expect(html).toContain(`name="version" value="${created.version + 1}"`);
	});

	it('answers 301 from an old slug, keeps every revision, and restores one', async () => {
		const created = posts.create(serverDb(), {
			kind: 'article',
			slug: 'ancien-nom',
			texts: { fr: { title: 'Nom', body: 'premier texte' } }
		});
		const fields = {
			...emptyPost,
			kind: 'article',
			title_fr: 'Nom',
			body_fr: 'second texte',
			slug: 'nouveau-nom',
			intent: 'publish'
		};
		savedId(
			await postForm(
				`/fr/organiser/posts/${created.id}?/save`,
				{ ...fields, version: '1' },
				{ cookie }
			)
		);
		const moved = await get('/en/posts/ancien-nom');
		expect(moved.status).toBe(301);
		expect(moved.headers.get('location')).toBe('/en/posts/nouveau-nom');

		const history = await getPage(`/fr/organiser/posts/${created.id}/history`, { cookie });
		expect(history.doc.querySelectorAll('.history li')).toHaveLength(2);
		const first = serverDb()
			.$client.prepare(
				"select id from revisions where entity = 'post' and entity_id = ? and version = 1"
			)
			.get(created.id) as { id: number };
		const viewed = await getPage(`/fr/organiser/posts/${created.id}/history?revision=${first.id}`, {
			cookie
		});
		expect(textOf(viewed.doc.querySelector('.revision pre'))).toBe('premier texte');
		const restore = await postForm(
			`/fr/organiser/posts/${created.id}/history?/restore`,
			{ revision: String(first.id), version: '2' },
			{ cookie }
		);
		expect(restore.status).toBe(303);
		const restored = posts.findById(serverDb(), created.id)!;
		expect(restored.texts.fr!.body).toBe('premier texte');
		expect(restored.slug).toBe('ancien-nom');
		expect(restored.version).toBe(3);
		expect((await get('/fr/posts/nouveau-nom')).headers.get('location')).toBe(
			'/fr/posts/ancien-nom'
		);
	});

	it('archives instead of deleting, once confirmed; only an admin brings it back', async () => {
		const created = posts.create(serverDb(), {
			kind: 'article',
			slug: 'a-archiver',
			texts: { en: { title: 'To archive' } }
		});
		// Without confirmation the answer is the question, and nothing changes.
		expect(
			(await postForm(`/en/organiser/posts/${created.id}?/archive`, {}, { cookie })).status
		).toBe(200);
		expect((await get('/en/posts/a-archiver')).status).toBe(200);
		expect(
			(await postForm(`/en/organiser/posts/${created.id}?/archive`, { confirmed: '1' }, { cookie }))
				.status
		).toBe(303);
		expect((await get('/en/posts/a-archiver')).status).toBe(404);
		expect(posts.findById(serverDb(), created.id)!.texts.en!.title).toBe('To archive');
		expect(
			(await postForm(`/en/organiser/posts/${created.id}?/unarchive`, {}, { cookie })).status
		).toBe(403);
		expect(
			(await postForm(`/en/organiser/posts/${created.id}?/unarchive`, {}, { cookie: adminCookie }))
				.status
		).toBe(303);
		expect((await get('/en/posts/a-archiver')).status).toBe(200);
	});
});

describe('running events', () => {
	const emptyEvent = { ...emptyEventForm(), timeZone: 'Europe/Brussels' };

	it('creates a timed event in its zone, then cancels it: listed as cancelled, SEQUENCE up', async () => {
		const response = await postForm(
			'/fr/organiser/events/new?/save',
			{
				...emptyEvent,
				intent: 'publish',
				startDate: '2031-03-30',
				startTime: '09:30',
				endTime: '17:00',
				city_fr: 'Liège',
				country: 'be',
				title_fr: 'Atelier des communs',
				title_en: 'Commons workshop'
			},
			{ cookie }
		);
		expect(response.status).toBe(303);
		const id = Number(/events\/(\d+)/.exec(response.headers.get('location')!)![1]);
		const event = events.findById(serverDb(), id)!;
		// 30 March 2031 is after the spring change: Brussels is UTC+2.
		expect(event).toMatchObject({
			allDay: false,
			start: '2031-03-30T07:30:00.000Z',
			end: '2031-03-30T15:00:00.000Z',
			country: 'BE',
			slug: 'atelier-des-communs'
		});

		const asked = await postForm(
			`/fr/organiser/events/${id}?/cancel`,
			{ version: String(event.version) },
			{ cookie }
		);
		expect(asked.status).toBe(200);
		expect(events.findById(serverDb(), id)!.status).toBe('scheduled');
		const cancel = await postForm(
			`/fr/organiser/events/${id}?/cancel`,
			{ version: String(event.version), confirmed: '1' },
			{ cookie }
		);
		expect(cancel.status).toBe(303);
		expect(cancel.headers.get('location')).toMatch(/\?done=cancelled$/);
		const page = await getPage('/en/events/atelier-des-communs');
		expect(textOf(page.doc.querySelector('.cancelled-banner strong'))).toBe(
			'This event is cancelled.'
		);
		const ics = await (await get('/en/events/atelier-des-communs.ics')).text();
		const [vevent] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
		expect(vevent!.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(new ICAL.Event(vevent).sequence).toBe(1);

		// Renamed: the old page and .ics answer 301, so shared links and calendars keep working.
		const renamed = events.findById(serverDb(), id)!;
		const values = {
			...emptyEvent,
			slug: 'atelier-des-communs-liege',
			startDate: '2031-03-30',
			startTime: '09:30',
			endTime: '17:00',
			city_fr: 'Liège',
			country: 'BE',
			title_fr: 'Atelier des communs',
			version: String(renamed.version)
		};
		expect((await postForm(`/fr/organiser/events/${id}?/save`, values, { cookie })).status).toBe(
			303
		);
		// Saving the content left the event cancelled.
		expect(events.findById(serverDb(), id)!.status).toBe('cancelled');
		expect((await get('/fr/events/atelier-des-communs')).headers.get('location')).toBe(
			'/fr/events/atelier-des-communs-liege'
		);
		const oldIcs = await get('/en/events/atelier-des-communs.ics');
		expect(oldIcs.status).toBe(301);
		expect(oldIcs.headers.get('location')).toBe('/en/events/atelier-des-communs-liege.ics');
	});

	it('keeps a place per language: each page and calendar names it its own way; too long is refused, keeping what was typed', async () => {
		const values = {
			...emptyEvent,
			allDay: 'on',
			startDate: '2031-06-10',
			endDate: '2031-06-10',
			country: 'BE',
			title_fr: 'Journée des communs',
			venue_fr: 'Maison des communs',
			city_fr: 'Bruxelles',
			title_en: 'Commons day',
			venue_en: 'House of the commons',
			city_en: 'x'.repeat(301)
		};
		const refused = await postForm('/en/organiser/events/new?/save', values, { cookie });
		expect(refused.status).toBe(400);
		const form = (await getPageFrom(refused)).querySelector('form.editor')!;
		expect(textOf(form.querySelector('#city_en-error'))).toMatch(/300/);
		expect(form.querySelector('#venue_en')!.getAttribute('value')).toBe('House of the commons');
		expect(form.querySelector('#city_fr')!.getAttribute('value')).toBe('Bruxelles');

		const created = await postForm(
			'/en/organiser/events/new?/save',
			{ ...values, city_en: 'Brussels', intent: 'publish' },
			{ cookie }
		);
		expect(created.status).toBe(303);
		const id = Number(/events\/(\d+)/.exec(created.headers.get('location')!)![1]);
		const slug = events.findById(serverDb(), id)!.slug;
		for (const [lang, place] of [
			['en', 'House of the commons, Brussels, Belgium'],
			['fr', 'Maison des communs, Bruxelles, Belgique']
		] as const) {
			const page = await getPage(`/${lang}/events/${slug}`);
			const facts = page.doc.querySelectorAll('.facts dd').map((dd) => textOf(dd));
			expect(facts).toContain(place);
			const ld = JSON.parse(page.doc.querySelector('script[type="application/ld+json"]')!.text);
			expect(
				[ld].flat().find((x: { '@type': string }) => x['@type'] === 'Event').location.address
					.addressLocality
			).toBe(lang === 'en' ? 'Brussels' : 'Bruxelles');
			const [vevent] = new ICAL.Component(
				ICAL.parse(await (await get(`/${lang}/events/${slug}.ics`)).text())
			).getAllSubcomponents('vevent');
			expect(new ICAL.Event(vevent).location).toBe(place);
		}

		// A save from an older version that changed their place too shows both places, and overwrites nothing.
		const stored = events.findById(serverDb(), id)!;
		const theirs = { ...values, slug, city_en: 'Brussels', version: String(stored.version) };
		expect(
			(
				await postForm(
					`/en/organiser/events/${id}?/save`,
					{ ...theirs, venue_en: 'Commons house' },
					{ cookie }
				)
			).status
		).toBe(303);
		const clash = await postForm(
			`/en/organiser/events/${id}?/save`,
			{ ...theirs, venue_en: 'Our hall' },
			{ cookie }
		);
		expect(clash.status).toBe(409);
		const html = await clash.text();
		expect(html).toContain('Commons house');
		expect(html).toContain('Our hall');
		expect(events.findById(serverDb(), id)!.texts.en!.venue).toBe('Commons house');
	});

	it('saves the form unchanged without moving DTSTAMP or LAST-MODIFIED, and says nothing changed', async () => {
		const values = {
			...emptyEvent,
			allDay: 'on',
			startDate: '2031-07-01',
			endDate: '2031-07-01',
			country: 'FR',
			title_fr: 'Sans changement',
			city_fr: 'Paris',
			city_en: 'Paris',
			title_en: 'No change',
			description_en: 'Two\r\nlines'
		};
		const created = await postForm(
			'/fr/organiser/events/new?/save',
			{ ...values, intent: 'publish' },
			{ cookie }
		);
		const id = Number(/events\/(\d+)/.exec(created.headers.get('location')!)![1]);
		// Saved a minute ago, as far as calendars know: a save now would show in the seconds of DTSTAMP.
		serverDb()
			.$client.prepare('update events set updated_at = updated_at - 60000 where id = ?')
			.run(id);
		const before = events.findById(serverDb(), id)!;
		const stamps = async () => {
			const [vevent] = new ICAL.Component(
				ICAL.parse(await (await get(`/en/events/${before.slug}.ics`)).text())
			).getAllSubcomponents('vevent');
			return ['dtstamp', 'last-modified'].map((p) =>
				(vevent!.getFirstPropertyValue(p) as ICAL.Time).toString()
			);
		};
		const stampsBefore = await stamps();

		const same = await postForm(
			`/fr/organiser/events/${id}?/save`,
			{ ...values, slug: before.slug, version: String(before.version) },
			{ cookie }
		);
		expect(same.status).toBe(303);
		expect(same.headers.get('location')).toMatch(/\?done=unchanged$/);
		const page = await getPage(same.headers.get('location')!, { cookie });
		expect(textOf(page.doc.querySelector('[role=status]'))).toMatch(/^Rien n’a changé/);
		expect(events.findById(serverDb(), id)).toMatchObject({
			version: before.version,
			updatedAt: before.updatedAt
		});
		expect(await stamps()).toEqual(stampsBefore);

		const changed = await postForm(
			`/fr/organiser/events/${id}?/save`,
			{ ...values, slug: before.slug, city_en: 'Paris (France)', version: String(before.version) },
			{ cookie }
		);
		expect(changed.headers.get('location')).toMatch(/\?done=saved$/);
		expect(events.findById(serverDb(), id)!.updatedAt).toBeGreaterThan(before.updatedAt);
		expect(await stamps()).not.toEqual(stampsBefore);
	});

	it('refuses an end before the start, keeping what was typed', async () => {
		const response = await postForm(
			'/en/organiser/events/new?/save',
			{
				...emptyEvent,
				allDay: 'on',
				startDate: '2031-05-02',
				endDate: '2031-05-01',
				title_en: 'Backwards',
				description_en: 'keep me'
			},
			{ cookie }
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('The end must come after the start.');
		expect(html).toContain('keep me');
		expect(html).toContain('value="2031-05-02"');
	});
});

describe('managing organisers on the site', () => {
	it('is for admins only; an admin adds an organiser, with errors in their language', async () => {
		const refused = await getPage('/fr/organiser/organisers', { cookie });
		expect(refused.response.status).toBe(403);
		expect(textOf(refused.doc.querySelector('h1'))).toBe('Accès refusé');
		expect(textOf(refused.doc.querySelector('.error-page'))).toContain(
			'Réservé aux administrateurs'
		);
		expect((await get('/fr/organiser/organisers', { cookie: adminCookie })).status).toBe(200);
		expect(
			(
				await postForm(
					'/fr/organiser/organisers?/add',
					{ email: 'new@example.org', name: 'N', password: 'une phrase assez longue' },
					{ cookie }
				)
			).status
		).toBe(403);

		const weak = await postForm(
			'/fr/organiser/organisers?/add',
			{ email: 'clarisse@example.org', name: 'Clarisse', password: 'qwerty123456' },
			{ cookie: adminCookie }
		);
		expect(weak.status).toBe(400);
		const html = await weak.text();
		expect(html).toContain(
			'Ce mot de passe est trop facile à deviner\u00a0: choisissez une phrase plus longue, de plusieurs mots sans rapport entre eux, sans votre nom ni votre adresse.'
		);
		expect(html).toContain('value="clarisse@example.org"');

		const added = await postForm(
			'/fr/organiser/organisers?/add',
			{ email: 'clarisse@example.org', name: 'Clarisse', password: 'les communs avant tout' },
			{ cookie: adminCookie }
		);
		expect(added.status).toBe(200);
		const list = await getPage('/fr/organiser/organisers', { cookie: adminCookie });
		expect(list.doc.querySelectorAll('.listing td').map((td) => textOf(td))).toContain(
			'clarisse@example.org'
		);
		expect(
			(await loginCookie('clarisse@example.org', 'les communs avant tout')).startsWith('session=')
		).toBe(true);
	});

	it('refuses to disable an unknown address or the admin themselves, however spelled, and disables another', async () => {
		const disabledCount = () =>
			(
				serverDb()
					.$client.prepare('select count(*) n from accounts where disabled_at is not null')
					.get() as { n: number }
			).n;
		const before = disabledCount();

		const unknown = await postForm(
			'/en/organiser/organisers?/disable',
			{ email: 'nobody-at-all@example.org' },
			{ cookie: adminCookie }
		);
		expect(unknown.status).toBe(400);
		expect(await unknown.text()).toContain('No organiser has this address.');

		for (const spelled of [adminEmail, ` ${adminEmail.toUpperCase()} `]) {
			const self = await postForm(
				'/fr/organiser/organisers?/disable',
				{ email: spelled },
				{ cookie: adminCookie }
			);
			expect(self.status).toBe(400);
			expect(await self.text()).toContain(
				'Vous ne pouvez pas désactiver votre propre compte\u00a0: un autre administrateur doit le faire.'
			);
		}
		expect(disabledCount()).toBe(before);
		expect((await get('/fr/organiser', { cookie: adminCookie })).status).toBe(200);

		const other = await makeOrganiser();
		const otherCookie = await loginCookie(other.email, other.password);
		const done = await postForm(
			'/fr/organiser/organisers?/disable',
			{ email: ` ${other.email.toUpperCase()}` },
			{ cookie: adminCookie }
		);
		expect(done.status).toBe(200);
		expect(disabledCount()).toBe(before + 1);
		expect((await get('/fr/organiser', { cookie: otherCookie })).status).toBe(303);
	});
});
