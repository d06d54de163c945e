import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import * as forum from './forum';

let db: Db;
let alice: Actor;
let bob: Actor;
let organiser: Actor;
let subject: discussions.Subject;

function account(name: string, role: Actor['role'] = 'member'): Actor {
	const { lastInsertRowid } = db.$client
		.prepare(
			`insert into accounts (email, name, role, password_hash, created_at, updated_at, trusted_at)
			 values (?, ?, ?, 'x', 0, 0, 0)`
		)
		.run(`${name.toLowerCase()}@example.org`, name, role);
	return { id: Number(lastInsertRowid), role };
}

const view = (viewer: forum.Viewer, page = 1, lang: 'fr' | 'en' | null = null) =>
	forum.discussionView(db, subject, '/events/x', {
		page,
		lang,
		viewer,
		locale: 'fr',
		defaultLocale: 'fr'
	});

beforeEach(() => {
	db = memoryDb();
	alice = account('Alice');
	bob = account('Bob');
	organiser = account('Olga', 'organiser');
	subject = { kind: 'event', id: events.create(db, eventInput()).id };
});

describe('langFilter', () => {
	it('reads fr and en, and nothing else', () => {
		expect(forum.langFilter('fr')).toBe('fr');
		expect(forum.langFilter('en')).toBe('en');
		expect(forum.langFilter('de')).toBeNull();
		expect(forum.langFilter(null)).toBeNull();
	});
});

describe('discussionView', () => {
	it('gives every visitor the same view, with nothing they may change', () => {
		messages.post(db, alice, subject, { body: 'Bonjour', locale: 'fr' }, 1000);
		const visitor = view(null);
		expect(view(null)).toEqual(visitor);
		expect(visitor.signedIn).toBe(false);
		expect(visitor.can).toEqual({ write: false, close: false, pin: false });
		expect(visitor.messages[0]!.can).toEqual({
			reply: false,
			quote: false,
			edit: false,
			delete: false,
			flag: false
		});
	});

	it('lets authors change their own messages, members answer, organisers close', () => {
		const id = messages.post(db, alice, subject, { body: 'Bonjour', locale: 'fr' }).id;
		expect(view(alice).messages[0]!.can).toEqual({
			reply: true,
			quote: true,
			edit: true,
			delete: true,
			flag: false
		});
		expect(view(bob).messages[0]!.can).toMatchObject({
			reply: true,
			edit: false,
			delete: false,
			flag: true
		});
		expect(view(bob).can).toEqual({ write: true, close: false, pin: false });
		const moderator = view(organiser);
		expect(moderator.can).toEqual({ write: true, close: true, pin: false });
		expect(moderator.messages[0]!.can).toMatchObject({ edit: false, delete: true });

		discussions.setClosed(db, organiser, subject, true);
		const closed = view(alice);
		expect(closed.closed).toBe(true);
		expect(closed.can.write).toBe(false);
		// A closed discussion stays as it was: its authors no longer change it, moderators may.
		expect(closed.messages[0]!.can).toEqual({
			reply: false,
			quote: false,
			edit: false,
			delete: false,
			flag: false
		});
		expect(view(organiser).messages[0]!.can).toMatchObject({ edit: false, delete: true });
		expect(messages.findById(db, id)!.state).toBe('published');
	});

	it('renders Markdown safely, marks languages and tombstones', () => {
		const first = messages.post(db, alice, subject, {
			body: '**gras** <script>x</script>',
			locale: 'fr'
		}).id;
		messages.post(db, bob, subject, { body: 'Auf Deutsch', locale: null });
		messages.remove(db, alice, first);
		const [tomb, other] = view(bob).messages;
		expect(tomb).toMatchObject({ state: 'deleted', author: null, html: '', lang: '' });
		expect(other!.lang).toBe('');
		const again = messages.post(db, alice, subject, {
			body: '**gras** <script>x</script>',
			locale: 'en'
		});
		const shown = view(bob).messages.find((m) => m.id === again.id)!;
		expect(shown.html).toContain('<strong>gras</strong>');
		expect(shown.html).not.toContain('<script>');
		expect(shown.lang).toBe('en');
		expect(shown.datetime).toBe(new Date(again.createdAt).toISOString());
	});

	it('gives a quote the language of the message it quotes, not the answer’s', () => {
		const english = messages.post(db, alice, subject, { body: 'Good point', locale: 'en' }).id;
		const other = messages.post(db, alice, subject, { body: 'Guten Tag', locale: null }).id;
		const fromEnglish = messages.post(db, bob, subject, {
			body: 'Oui',
			locale: 'fr',
			replyTo: english,
			quote: 'Good point'
		}).id;
		const fromOther = messages.post(db, bob, subject, {
			body: 'Hello',
			locale: 'en',
			replyTo: other,
			quote: 'Guten Tag'
		}).id;
		const shown = view(bob).messages;
		expect(shown.find((m) => m.id === fromEnglish)!.replyTo!.lang).toBe('en');
		expect(shown.find((m) => m.id === fromEnglish)!.lang).toBe('fr');
		expect(shown.find((m) => m.id === fromOther)!.replyTo!.lang).toBe('');
	});

	it('links an answer within the page, or to the permalink when its message is on another page', () => {
		const first = messages.post(db, alice, subject, { body: 'Premier', locale: 'fr' }).id;
		for (let i = 0; i < messages.PAGE_SIZE; i++)
			messages.post(db, bob, subject, { body: `n${i}`, locale: 'fr' });
		const answer = messages.post(db, bob, subject, {
			body: 'Réponse',
			locale: 'fr',
			replyTo: first,
			quote: 'Premier'
		});
		const page2 = view(alice, 2);
		expect(page2.pages).toBe(2);
		const shown = page2.messages.find((m) => m.id === answer.id)!;
		expect(shown.replyTo).toEqual({ id: first, author: 'Alice', here: false, lang: 'fr' });
		expect(shown.quoteHtml).toContain('Premier');
		const second = messages.post(db, alice, subject, {
			body: 'Encore',
			locale: 'fr',
			replyTo: answer.id
		});
		expect(view(alice, 2).messages.find((m) => m.id === second.id)!.replyTo!.here).toBe(true);
	});
});

describe('forumPage and historyPage', () => {
	it('lists pinned topics and active discussions with their titles and counts', () => {
		const { topic } = topics.start(db, alice, {
			title: 'Covoiturage',
			body: 'Qui ?',
			locale: 'fr'
		});
		discussions.setPinned(db, organiser, topic.id!, true);
		messages.post(db, bob, subject, { body: 'Hello', locale: 'en' });
		const page = forum.forumPage(db, 'en', 1);
		expect(page.pinned.map((p) => [p.title, p.lang, p.kind])).toEqual([
			['Covoiturage', 'fr', 'topic']
		]);
		// A pinned topic is not listed again among the latest.
		expect(page.active.map((a) => a.kind)).toEqual(['event']);
		expect(page.active[0]!.count).toBe(1);
		expect(page.active[0]!.path).toMatch(/^\/events\//);
		expect(forum.forumPage(db, 'en', 2).pinned).toEqual([]);
	});

	it("shows a message's versions, newest first, and none once deleted", () => {
		const id = messages.post(db, alice, subject, { body: 'v1', locale: 'fr' }).id;
		messages.edit(db, alice, id, { body: 'v2', locale: 'en' });
		const history = forum.historyPage(db, id, 'fr')!;
		expect(history.page.versions.map((v) => [v.version, v.lang, v.html.trim()])).toEqual([
			[2, 'en', '<p>v2</p>'],
			[1, 'fr', '<p>v1</p>']
		]);
		messages.remove(db, alice, id);
		expect(forum.historyPage(db, id, 'fr')!.page.versions).toEqual([]);
		expect(forum.historyPage(db, 999, 'fr')).toBeNull();
	});
});
