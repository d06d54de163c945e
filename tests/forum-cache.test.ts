import { describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import * as messages from '../src/lib/server/forum/messages';
import { get } from './helpers/http';
import { loginCookie, postForm, serverDb, useOwnServer } from './helpers/organiser';

// Writes messages: a server of its own.
useOwnServer();

let counter = 0;
async function member() {
	const email = `member-${process.pid}-${Date.now()}-${counter++}@example.org`;
	const password = 'une phrase de passe assez longue';
	await accounts.add(serverDb(), { email, name: `Membre ${counter}`, password, role: 'member' });
	return loginCookie(email, password);
}

const etagOf = async (path: string, headers: Record<string, string> = {}) =>
	(await get(path, headers)).headers.get('etag');

describe('the forum and the response cache', () => {
	it('a new message changes its discussion and the lists, and leaves an unrelated page alone', async () => {
		const discussed = '/en/events/ngi-forum-2025';
		const unrelated = '/en/events/autonomie-numerique-communs-2025';
		const before = {
			discussed: await etagOf(discussed),
			unrelated: await etagOf(unrelated),
			forum: await etagOf('/en/forum'),
			feed: await etagOf('/en/events/ngi-forum-2025/discussion.atom')
		};
		expect(before.unrelated).toMatch(/^W\//);

		const cookie = await member();
		const posted = await postForm(
			`${discussed}?/write`,
			{ body: 'Who is going **by train** from Paris?', locale: 'en' },
			{ cookie }
		);
		expect(posted.status).toBe(303);
		const location = posted.headers.get('location')!;
		expect(location).toMatch(/^\/en\/events\/ngi-forum-2025(\?page=1)?#m\d+$/);
		const id = Number(location.split('#m')[1]);

		// The member who posted sees it at once, on a page made for them alone.
		const own = await get(discussed, { cookie });
		expect(own.headers.get('cache-control')).toBe('private, no-store');
		expect(await own.text()).toContain(`id="m${id}"`);

		// Anonymous readers too, on the very next request; the unrelated page kept its ETag.
		const anonymous = await get(discussed);
		expect(await anonymous.text()).toContain('<strong>by train</strong>');
		expect(anonymous.headers.get('etag')).not.toBe(before.discussed);
		expect(anonymous.headers.get('set-cookie')).toBeNull();
		expect(await etagOf(unrelated)).toBe(before.unrelated);
		expect(await etagOf('/en/forum')).not.toBe(before.forum);
		expect(await etagOf('/en/events/ngi-forum-2025/discussion.atom')).not.toBe(before.feed);
	});

	it('shows a message written by another process (a script) on the next request', async () => {
		const page = '/fr/posts/retour-ngi-forum-2025';
		await get(page);
		const db = serverDb();
		const author = await accounts.add(db, {
			email: `script-${Date.now()}@example.org`,
			name: 'Script',
			password: 'une phrase de passe assez longue',
			role: 'member'
		});
		const post = db.$client
			.prepare("select id from posts where slug = 'retour-ngi-forum-2025'")
			.get() as { id: number };
		messages.post(
			db,
			{ id: author.id, role: 'member' },
			{ kind: 'post', id: post.id },
			{ body: 'Écrit par un script', locale: 'fr' }
		);
		// The server reads the forum's version at most once a millisecond.
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(await (await get(page)).text()).toContain('Écrit par un script');
	});

	it('gives every visitor the same bytes, and a member a page of their own', async () => {
		const page = '/fr/events/ngi-forum-2025';
		const [a, b] = await Promise.all([get(page), get(page)]);
		expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
		expect(a.headers.get('vary')).toContain('Cookie');
		const cookie = await member();
		const mine = await get(page, { cookie });
		expect(mine.headers.get('cache-control')).toBe('private, no-store');
		expect(mine.headers.get('etag')).not.toBe(a.headers.get('etag'));
	});
});
