import { describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

// This file deletes accounts and counts what is left of them: a database of its own.
useOwnServer();

const PASSWORD = 'une phrase de passe assez longue';
const EVENT = '/fr/events/ngi-forum-2025';
let counter = 0;

async function member(name = `Donnée ${process.pid}-${++counter} \u00e9`) {
	const email = `data-${process.pid}-${Date.now()}-${++counter}@example.org`;
	const account = await accounts.add(serverDb(), {
		email,
		name,
		password: PASSWORD,
		role: 'member'
	});
	return { ...account, cookie: await loginCookie(email, PASSWORD) };
}

/** Writes on the event's discussion and returns the new message's id. */
async function write(cookie: string, body: string): Promise<number> {
	const response = await postForm(`${EVENT}?/write`, { body, locale: 'fr' }, { cookie });
	expect(response.status).toBe(303);
	return Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
}

const db = () => serverDb().$client;

/** Every row of every table as text: where a trace of someone would hide. */
function everything(): string {
	const tables = db()
		.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
		.all() as { name: string }[];
	return tables
		.map(({ name }) => `${name}: ${JSON.stringify(db().prepare(`select * from "${name}"`).all())}`)
		.join('\n');
}

/** Rows that point at the account by its id, in every column that can. */
function rowsPointingAt(id: number): Record<string, number> {
	const found: Record<string, number> = {};
	for (const [table, column] of [
		['accounts', 'id'],
		['sessions', 'account_id'],
		['messages', 'author_id'],
		['discussions', 'author_id'],
		['message_flags', 'account_id'],
		['follows', 'account_id'],
		['notifications', 'account_id'],
		['outbox', 'account_id'],
		['account_tokens', 'account_id'],
		['moderation_log', 'actor_id'],
		['moderation_log', 'member_id'],
		['word_rules', 'created_by'],
		['revisions', 'account_id']
	] as const) {
		const { n } = db().prepare(`select count(*) n from ${table} where ${column} = ?`).get(id) as {
			n: number;
		};
		if (n > 0) found[`${table}.${column}`] = n;
	}
	const hits = db()
		.prepare('select count(*) n from rate_hits where key like ?')
		.get(`account:${id}:%`) as { n: number };
	if (hits.n > 0) found.rate_hits = hits.n;
	return found;
}

describe('downloading my data', () => {
	it('gives a member a JSON file of everything about them, nothing of others, no hash', async () => {
		const zoe = await member();
		const other = await member();
		const mine = await write(zoe.cookie, 'Mon message à moi');
		await write(other.cookie, 'Le message de quelqu’un d’autre');
		const response = await get('/fr/account/export', { cookie: zoe.cookie });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="rencontres-my-data-\d{4}-\d{2}-\d{2}\.json"$/
		);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		const text = await response.text();
		const data = JSON.parse(text);
		expect(data.account).toMatchObject({ id: zoe.id, email: zoe.email, name: zoe.name });
		expect(data.messages.map((m: { id: number; body: string }) => [m.id, m.body])).toEqual([
			[mine, 'Mon message à moi']
		]);
		expect(data.sessions.length).toBeGreaterThanOrEqual(1);
		for (const secret of ['$argon2', other.email, other.name, 'quelqu’un d’autre'])
			expect(text).not.toContain(secret);
		const hashes = db()
			.prepare('select token_hash from sessions where account_id = ?')
			.all(zoe.id) as {
			token_hash: string;
		}[];
		for (const { token_hash } of hashes) expect(text).not.toContain(token_hash);
	});

	it('sends a visitor to log in, and offers the download and deletion on the account page', async () => {
		const visitor = await get('/fr/account/export');
		expect(visitor.status).toBe(303);
		expect(visitor.headers.get('location')).toMatch(/^\/fr\/login\?redirectTo=/);
		const zoe = await member();
		const { doc } = await getPage('/en/account', { cookie: zoe.cookie });
		const links = doc
			.querySelectorAll('section[aria-labelledby=account-data] a')
			.map((a) => a.getAttribute('href'));
		expect(links).toEqual(['/en/account/export', '/en/account/delete']);
	});
});

describe('deleting my account', () => {
	it('refuses without the right password or a choice, deleting nothing, keeping the choice', async () => {
		const zoe = await member();
		for (const fields of <Record<string, string>[]>[
			{ password: 'pas le bon mot de passe', messages: 'keep' },
			{ password: PASSWORD, messages: 'keep\u202e' },
			{ password: PASSWORD, messages: 'x'.repeat(16 * 1024) },
			{ password: '', messages: 'delete' },
			{ password: PASSWORD }
		]) {
			const response = await postForm('/en/account/delete', fields, { cookie: zoe.cookie });
			expect(response.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
			const html = await response.text();
			expect(html.length).toBeLessThan(60_000);
			if (fields.messages === 'keep') expect(html).toContain('This is not your current password');
		}
		expect(rowsPointingAt(zoe.id)).toMatchObject({ 'accounts.id': 1 });
		expect((await get('/en/account', { cookie: zoe.cookie })).status).toBe(200);
	});

	for (const choice of ['keep', 'delete'] as const)
		it(`erases the account, messages ${choice === 'keep' ? 'kept as a former member’s' : 'deleted'}, and leaves nothing of them behind`, async () => {
			const zoe = await member(`Zoé ${choice} ${process.pid}`);
			const other = await member();
			const mine = await write(zoe.cookie, `Un message de Zoé (${choice})`);
			const edited = await postForm(
				`/fr/messages/${mine}/edit`,
				{ body: `Un message de Zoé, revu (${choice})`, locale: 'fr' },
				{ cookie: zoe.cookie }
			);
			expect(edited.status).toBe(303);
			const theirs = await write(other.cookie, `Une réponse (${choice})`);
			const topic = await postForm(
				'/fr/forum/new',
				{ title: `Le sujet de Zoé ${choice}`, body: 'Ouvert par Zoé.', locale: 'fr' },
				{ cookie: zoe.cookie }
			);
			expect(topic.status).toBe(303);
			// A second session, elsewhere: it ends too.
			const elsewhere = await loginCookie(zoe.email, PASSWORD);

			const response = await postForm(
				'/fr/account/delete',
				{ password: PASSWORD, messages: choice },
				{ cookie: zoe.cookie }
			);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/fr/account-deleted');
			expect(response.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"');
			expect(response.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(
				/Max-Age=0|Expires=Thu, 01 Jan 1970/i
			);
			const farewell = await getPage('/fr/account-deleted');
			expect(textOf(farewell.doc.querySelector('h1'))).toBe('Votre compte est supprimé');

			// Their sessions stop at once.
			for (const cookie of [zoe.cookie, elsewhere]) {
				const account = await get('/fr/account', { cookie });
				expect(account.status).toBe(303);
				expect(account.headers.get('location')).toMatch(/^\/fr\/login/);
			}
			// No row points at them; neither their address nor their name is anywhere.
			expect(rowsPointingAt(zoe.id)).toEqual({});
			const dump = everything();
			expect(dump).not.toContain(zoe.email);
			expect(dump).not.toContain(zoe.name);
			const row = db()
				.prepare('select author_id, state, body from messages where id = ?')
				.get(mine) as { author_id: number | null; state: string; body: string };
			expect(row.author_id).toBeNull();
			if (choice === 'keep') {
				expect(row).toMatchObject({
					state: 'published',
					body: `Un message de Zoé, revu (${choice})`
				});
				const page = await getPage(`/fr/messages/${mine}`);
				expect(page.response.status).toBe(303);
				const shown = await getPage(page.response.headers.get('location')!.replace(/#.*$/, ''));
				expect(textOf(shown.doc.querySelector(`#m${mine} .author`))).toBe('Un ancien membre');
			} else {
				expect(row).toMatchObject({ state: 'deleted', body: '' });
				expect(
					db().prepare('select count(*) n from message_versions where message_id = ?').get(mine)
				).toEqual({
					n: 0
				});
			}
			// Someone else's message stays theirs.
			expect(db().prepare('select author_id, body from messages where id = ?').get(theirs)).toEqual(
				{
					author_id: other.id,
					body: `Une réponse (${choice})`
				}
			);
		});

	it('refuses to delete the last admin', async () => {
		const admins = (
			db().prepare("select count(*) n from accounts where role = 'admin'").get() as { n: number }
		).n;
		expect(admins).toBe(0);
		const admin = await makeOrganiser('admin');
		const cookie = await loginCookie(admin.email, admin.password);
		const response = await postForm(
			'/en/account/delete',
			{ password: admin.password, messages: 'keep' },
			{ cookie }
		);
		expect(response.status).toBe(409);
		expect(await response.text()).toContain('You are the last admin');
		expect(rowsPointingAt(admin.id)).toMatchObject({ 'accounts.id': 1 });
	});
});
