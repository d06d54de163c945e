import { describe, expect, it, beforeAll } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import * as messages from '../src/lib/server/forum/messages';
import { base, get } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

/*
 * The hostile-input corpus through every form issue 14 added: moderation (hide, hold, ban,
 * settings, word lists), reports, password reset, confirmation, unsubscribe, notification
 * settings, account deletion and the join form's traps. Each value in each field must get a
 * 4xx or a 303, never a 5xx; whatever was stored is clean (no control or direction characters,
 * within its limit); the pages that show it stay up and escape it.
 */

useOwnServer();

const CORPUS = [
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	'\u202e\u2066evil\u2069',
	'a\u0000b\u0007c',
	'x'.repeat(16_384),
	'line\r\nBcc: victim@evil.example',
	']]><!--',
	'\u200b\u200b',
	'',
	'   ',
	'%00%2e%2e%2f',
	'../../etc/passwd',
	'😀'.repeat(2000),
	'javascript:alert(1)',
	'\ud800',
	'-1',
	'1e309',
	'0x10',
	'2031-02-30',
	'9999999999999999999999'
];

/** Characters nothing we store may hold: controls (but tab and newline) and direction overrides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

const PASSWORD = 'une phrase de passe assez longue';
let n = 0;
async function account(role: 'member' | 'organiser' = 'member') {
	const email = `hostile-${process.pid}-${++n}@example.org`;
	const made = await accounts.add(serverDb(), {
		email,
		name: `Hostile ${process.pid} ${n}`,
		password: PASSWORD,
		role
	});
	serverDb().$client.prepare('update accounts set trusted_at = 0 where id = ?').run(made.id);
	return { ...made, email, cookie: await loginCookie(email, PASSWORD) };
}

let admin: { cookie: string };
let author: Awaited<ReturnType<typeof account>>;
let reporter: Awaited<ReturnType<typeof account>>;
let target: number;

beforeAll(async () => {
	const made = await makeOrganiser('admin');
	admin = { cookie: await loginCookie(made.email, made.password) };
	author = await account();
	reporter = await account();
	const eventId = (
		serverDb().$client.prepare("select id from events where slug = 'ngi-forum-2025'").get() as {
			id: number;
		}
	).id;
	target = messages.post(
		serverDb(),
		{ id: author.id, role: 'member' },
		{ kind: 'event', id: eventId },
		{ body: 'Un message à modérer', locale: 'fr' }
	).id;
});

type FormCase = {
	name: string;
	path: () => string;
	/** Valid values for every field; each field in turn gets every value of the corpus. */
	fields: () => Record<string, string>;
	hostile: string[];
	cookie?: () => string;
};

const CASES: FormCase[] = [
	{
		name: 'report',
		path: () => `/fr/messages/${target}/flag`,
		fields: () => ({ reason: 'other', note: 'Hors sujet' }),
		hostile: ['reason', 'note'],
		cookie: () => reporter.cookie
	},
	{
		name: 'hide',
		path: () => '/fr/organiser/moderation?/hide',
		fields: () => ({ message: String(target), reason: 'Spam' }),
		hostile: ['message', 'reason', 'page']
	},
	{
		name: 'hold',
		path: () => '/fr/organiser/moderation?/hold',
		fields: () => ({ member: String(author.id), reason: 'À surveiller' }),
		hostile: ['member', 'reason']
	},
	{
		name: 'ban',
		path: () => '/fr/organiser/moderation?/ban',
		fields: () => ({ member: String(author.id), reason: 'Spam', until: '' }),
		hostile: ['member', 'reason', 'until']
	},
	{
		name: 'settings',
		path: () => '/fr/organiser/moderation/settings',
		fields: () => ({ heldFirstMessages: '3' }),
		hostile: ['heldFirstMessages', 'altchaOnSignUp']
	},
	{
		name: 'word lists',
		path: () => '/fr/organiser/moderation/words?/add',
		fields: () => ({ word: `mot${n++}`, locale: 'fr', action: 'hold' }),
		hostile: ['word', 'locale', 'action']
	},
	{
		name: 'word removal',
		path: () => '/fr/organiser/moderation/words?/remove',
		fields: () => ({ id: '999999' }),
		hostile: ['id']
	},
	{
		name: 'password reset request',
		path: () => '/fr/password-reset',
		fields: () => ({ email: 'nobody@example.org' }),
		hostile: ['email'],
		cookie: () => ''
	},
	{
		name: 'new password',
		path: () => `/fr/password-reset/${'A'.repeat(43)}`,
		fields: () => ({ password: PASSWORD, confirm: PASSWORD }),
		hostile: ['password', 'confirm'],
		cookie: () => ''
	},
	{
		name: 'notification settings',
		path: () => '/fr/account?/notifications',
		fields: () => ({ frequency: 'daily' }),
		hostile: ['frequency', 'unfollow'],
		cookie: () => reporter.cookie
	},
	{
		name: 'account deletion',
		path: () => '/fr/account/delete',
		// Never the right password: this test deletes nobody.
		fields: () => ({ password: 'pas le bon mot de passe', messages: 'keep' }),
		hostile: ['password', 'messages'],
		cookie: () => reporter.cookie
	},
	{
		name: 'join traps',
		path: () => '/fr/join',
		fields: () => ({
			name: `Piège ${process.pid} ${n++}`,
			email: `trap-${process.pid}-${n++}@example.org`,
			password: PASSWORD,
			locale: 'fr',
			website: ''
		}),
		hostile: ['website', 'form_issued', 'altcha'],
		cookie: () => ''
	}
];

describe('hostile input through the forms of moderation, email and members’ data', () => {
	for (const form of CASES) {
		it(`${form.name}: no 5xx, whatever each field holds`, async () => {
			for (const field of form.hostile) {
				for (const value of CORPUS) {
					const cookie = form.cookie ? form.cookie() : admin.cookie;
					const response = await postForm(
						form.path(),
						{ ...form.fields(), [field]: value },
						cookie ? { cookie } : {}
					);
					if (response.status >= 500)
						throw new Error(
							`${form.name} ${field}=${JSON.stringify(value.slice(0, 40))}: ${response.status}`
						);
					await response.arrayBuffer();
				}
			}
		});
	}

	it('one-click unsubscribe and confirmation refuse every forged token, changing nothing', async () => {
		const before = serverDb().$client.prepare('select count(*) as n from follows').get() as {
			n: number;
		};
		for (const value of CORPUS) {
			// A lone surrogate cannot even be written in an address: the corpus' others can.
			const token = value.includes('\ud800')
				? '%ED%A0%80'
				: encodeURIComponent(value.slice(0, 200)) || 'x';
			for (const path of [`/fr/unsubscribe/${token}`, `/fr/confirm/${token}`]) {
				const response = await fetch(`${base()}${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: 'List-Unsubscribe=One-Click',
					redirect: 'manual'
				});
				expect(response.status, path).toBeLessThan(500);
				expect(response.status, path).not.toBe(200);
				await response.arrayBuffer();
			}
		}
		const after = serverDb().$client.prepare('select count(*) as n from follows').get() as {
			n: number;
		};
		expect(after.n).toBe(before.n);
	});

	it('stores only clean text, within its limits', () => {
		const db = serverDb().$client;
		const stored = [
			...(db.prepare('select reason as v from moderation_log').all() as { v: string | null }[]),
			...(db.prepare('select ban_reason as v from accounts').all() as { v: string | null }[]),
			...(db.prepare('select hold_reason as v from accounts').all() as { v: string | null }[]),
			...(db.prepare('select note as v from message_flags').all() as { v: string | null }[]),
			...(db.prepare('select word as v from word_rules').all() as { v: string | null }[]),
			...(db.prepare('select moderation_reason as v from messages').all() as {
				v: string | null;
			}[])
		]
			.map((r) => r.v)
			.filter((v): v is string => v !== null);
		expect(stored.length).toBeGreaterThan(0);
		for (const value of stored) {
			expect(value, JSON.stringify(value.slice(0, 60))).not.toMatch(FORBIDDEN);
			expect(value.length).toBeLessThanOrEqual(2000);
		}
		const words = db.prepare('select word from word_rules').all() as { word: string }[];
		for (const { word } of words) expect(word).not.toMatch(/[<>"]/);
		const settings = db
			.prepare("select value from settings where key = 'heldFirstMessages'")
			.get() as { value: string } | undefined;
		if (settings) expect(Number(settings.value)).toBeGreaterThanOrEqual(0);
	});

	it('keeps the pages that show what was stored up, and escaped', async () => {
		for (const path of [
			'/fr/organiser/moderation',
			'/fr/organiser/moderation/log',
			'/en/organiser/moderation/words',
			'/fr/organiser/moderation/settings'
		]) {
			const response = await get(path, { cookie: admin.cookie });
			expect(response.status, path).toBe(200);
			const html = await response.text();
			expect(html, path).not.toContain('<script>alert(1)</script>');
			expect(html, path).not.toContain('<img src=x onerror');
		}
		expect((await get('/healthz')).status).toBe(200);
	});
});
