import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import * as unsubscribe from '../src/lib/server/mail/unsubscribe';
import { base, get, getPage } from './helpers/http';
import { loginCookie, postForm, serverDb, useOwnServer } from './helpers/organiser';
import { freePort, ROOT } from './helpers/server';

/*
 * Email notifications end to end: the follow button, the rows a message writes, the gatherer's
 * emails in the outbox and, through a real SMTP server in this process, what arrives.
 *
 * The emails need helper MAIL's work (sending() set at start-up from SMTP_URL/MAIL_FROM, and the
 * worker that sends the outbox): until it is merged, SMTP_URL is set here harmlessly and the
 * blocks marked NEEDS MAIL are skipped (they run as soon as src/lib/server/mail/worker.ts exists).
 */
const MAIL_MERGED = fs.existsSync(path.join(ROOT, 'src/lib/server/mail/worker.ts'));

const received: ParsedMail[] = [];
const smtpPort = await freePort();
const smtp = new SMTPServer({
	authOptional: true,
	disabledCommands: ['STARTTLS'],
	logger: false,
	onData(stream, _session, callback) {
		simpleParser(stream)
			.then((mail) => {
				received.push(mail);
				callback();
			})
			.catch(callback);
	}
});
beforeAll(() => new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

// Members follow, write and unsubscribe here: a server and database of its own.
useOwnServer({
	env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Rencontres <hub@example.org>' }
});

const PASSWORD = 'une phrase de passe assez longue';
let counter = 0;

/** A member with a confirmed address (emails only go to those), logged in. */
async function member(name: string, locale: 'fr' | 'en', frequency = 'hourly') {
	const account = await accounts.add(serverDb(), {
		email: `notify-${name.toLowerCase()}-${process.pid}-${++counter}@example.org`,
		name: `${name} ${process.pid}-${counter}`,
		password: PASSWORD,
		role: 'member',
		locale
	});
	serverDb()
		.$client.prepare('update accounts set email_confirmed_at = 1, email_frequency = ? where id = ?')
		.run(frequency, account.id);
	return { ...account, cookie: await loginCookie(account.email, PASSWORD) };
}
type Member = Awaited<ReturnType<typeof member>>;

const idOf = (response: Response) => Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);

async function startTopic(who: Member, title: string) {
	const response = await postForm(
		`/${who.locale}/forum/new`,
		{ title, body: 'Premier message du sujet', locale: who.locale },
		{ cookie: who.cookie }
	);
	expect(response.status).toBe(303);
	const slug = /\/forum\/([^/?#]+)$/.exec(response.headers.get('location')!)![1]!;
	const first = serverDb()
		.$client.prepare(
			"select m.id, d.id as discussion from messages m join discussions d on d.id = m.discussion_id where d.slug = ? and d.kind = 'topic'"
		)
		.get(slug) as { id: number; discussion: number };
	return { slug, path: `/forum/${slug}`, firstId: first.id, discussionId: first.discussion };
}

async function write(who: Member, topicPath: string, body: string) {
	const response = await postForm(
		`/fr${topicPath}?/write`,
		{ body, locale: 'fr' },
		{ cookie: who.cookie }
	);
	expect(response.status).toBe(303);
	return idOf(response);
}

async function reply(who: Member, messageId: number, body: string) {
	const response = await postForm(
		`/fr/messages/${messageId}/reply`,
		{ body, locale: 'fr' },
		{ cookie: who.cookie }
	);
	expect(response.status).toBe(303);
	return idOf(response);
}

const follows = (accountId: number, discussionId: number) =>
	serverDb()
		.$client.prepare('select 1 from follows where account_id = ? and discussion_id = ?')
		.get(accountId, discussionId) !== undefined;

const waitingFor = (accountId: number) =>
	serverDb()
		.$client.prepare(
			'select message_id, reason, sent_at from notifications where account_id = ? order by message_id'
		)
		.all(accountId) as { message_id: number; reason: string; sent_at: number | null }[];

type OutboxRow = {
	id: number;
	kind: string;
	locale: string;
	subject: string;
	text_body: string;
	html_body: string;
	headers: string;
};
const outboxOf = (accountId: number) =>
	serverDb()
		.$client.prepare('select * from outbox where account_id = ? order by id')
		.all(accountId) as OutboxRow[];

async function until<T>(probe: () => T | undefined | null | false, ms = 10_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const found = probe();
		if (found) return found;
		if (Date.now() > end) throw new Error('waited in vain');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the follow button (no JavaScript)', () => {
	it('is a link to log in for visitors, the same for all, and a visitor posting it goes to log in', async () => {
		const author = await member('Auteur', 'fr');
		const topic = await startTopic(author, 'Un sujet à suivre');
		const { response, doc, html } = await getPage(`/fr${topic.path}`);
		expect(response.status).toBe(200);
		expect(html).not.toContain('?/follow');
		const link = doc.querySelector('.follow a')!;
		expect(link.getAttribute('href')).toBe(
			`/fr/login?redirectTo=${encodeURIComponent(`/fr${topic.path}#discussion`)}`
		);
		const posted = await postForm(`/fr${topic.path}?/follow`, {});
		expect(posted.status).toBe(303);
		expect(posted.headers.get('location')).toBe(link.getAttribute('href'));
	});

	it('follows and unfollows, back to the discussion, and the page says which', async () => {
		const author = await member('Autrice', 'fr');
		const reader = await member('Lectrice', 'en');
		const topic = await startTopic(author, 'Un sujet pour suivre');
		expect(follows(author.id, topic.discussionId)).toBe(true);
		const before = await getPage(`/en${topic.path}`, { cookie: reader.cookie });
		expect(before.response.headers.get('cache-control')).toBe('private, no-store');
		expect(before.doc.querySelector('.follow form')!.getAttribute('action')).toBe('?/follow');
		expect(before.doc.querySelector('.follow button')!.textContent).toBe('Follow this discussion');

		const followed = await postForm(`/en${topic.path}?/follow`, {}, { cookie: reader.cookie });
		expect(followed.status).toBe(303);
		expect(followed.headers.get('location')).toBe(`/en${topic.path}#discussion`);
		expect(follows(reader.id, topic.discussionId)).toBe(true);
		const after = await getPage(`/en${topic.path}`, { cookie: reader.cookie });
		expect(after.doc.querySelector('.follow form')!.getAttribute('action')).toBe('?/unfollow');
		expect(after.doc.querySelector('.follow button')!.textContent).toBe('Following: unfollow');
		// Twice (a double click) is once.
		await postForm(`/en${topic.path}?/follow`, {}, { cookie: reader.cookie });

		const unfollowed = await postForm(`/en${topic.path}?/unfollow`, {}, { cookie: reader.cookie });
		expect(unfollowed.status).toBe(303);
		expect(follows(reader.id, topic.discussionId)).toBe(false);
		// Visitors' page never says who follows.
		const visitor = await getPage(`/en${topic.path}`);
		expect(visitor.html).not.toContain('?/unfollow');
	});

	it("follows an event's discussion before anyone wrote there, and 404s an unknown one", async () => {
		const reader = await member('Suiveur', 'fr');
		const events = await getPage('/fr/');
		const eventPath = events.doc
			.querySelectorAll('a')
			.map((a) => a.getAttribute('href') ?? '')
			.find((href) => /^\/fr\/events\/[^/]+$/.test(href))!;
		const response = await postForm(`${eventPath}?/follow`, {}, { cookie: reader.cookie });
		expect(response.status).toBe(303);
		const count = serverDb()
			.$client.prepare('select count(*) as n from follows where account_id = ?')
			.get(reader.id) as { n: number };
		expect(count.n).toBe(1);
		const unknown = await postForm('/fr/forum/nope-nope?/follow', {}, { cookie: reader.cookie });
		expect(unknown.status).toBe(404);
	});

	it('lists what a member follows on the account page, and unfollows from there', async () => {
		const author = await member('Liste', 'fr');
		const topic = await startTopic(author, 'Un sujet listé');
		const { doc } = await getPage('/fr/account', { cookie: author.cookie });
		const item = doc
			.querySelectorAll('#notifications li')
			.find((li) => li.querySelector('a')?.getAttribute('href') === `/fr${topic.path}`)!;
		expect(item.querySelector('a')!.textContent).toBe('Un sujet listé');
		const button = item.querySelector('button')!;
		const response = await postForm(
			'/fr/account?/notifications',
			{ unfollow: button.getAttribute('value')! },
			{ cookie: author.cookie }
		);
		expect(response.status).toBe(303);
		expect(follows(author.id, topic.discussionId)).toBe(false);
		// The frequency, with a bad value refused and nothing changed.
		const bad = await postForm(
			'/fr/account?/notifications',
			{ frequency: 'weekly' },
			{ cookie: author.cookie }
		);
		expect(bad.status).toBe(400);
		const daily = await postForm(
			'/fr/account?/notifications',
			{ frequency: 'daily' },
			{ cookie: author.cookie }
		);
		expect(daily.status).toBe(303);
		expect(daily.headers.get('location')).toBe('/fr/account?done=notifications#notifications');
		const settings = await getPage('/fr/account?done=notifications', { cookie: author.cookie });
		expect(
			settings.doc.querySelector('input[name=frequency][value=daily]')!.hasAttribute('checked')
		).toBe(true);
		// From another site: refused, nothing changed.
		const forged = await postForm(
			'/fr/account?/notifications',
			{ frequency: 'never' },
			{ cookie: author.cookie, origin: 'https://evil.example' }
		);
		expect(forged.status).toBe(403);
		const row = serverDb()
			.$client.prepare('select email_frequency as f from accounts where id = ?')
			.get(author.id) as { f: string };
		expect(row.f).toBe('daily');
	});
});

describe('the settings form, hostile input', () => {
	it('refuses every malformed value with 400 and changes nothing', async () => {
		const who = await member('Hostile', 'fr');
		const topic = await startTopic(who, 'Un sujet tenu');
		const hostile: Record<string, string>[] = [
			{ frequency: 'hourly\u202e' },
			{ frequency: 'x'.repeat(16_384) },
			{ frequency: 'never\u0000' },
			{ frequency: '' },
			{ unfollow: `${topic.discussionId}\u200b` },
			{ unfollow: '-1' },
			{ unfollow: '1e3' },
			{ unfollow: '9'.repeat(40) },
			{ unfollow: '' }
		];
		for (const fields of hostile) {
			const response = await postForm('/fr/account?/notifications', fields, {
				cookie: who.cookie
			});
			expect(response.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
		}
		// Several at once, as parallel double clicks: one state in the end.
		await Promise.all(
			['daily', 'hourly', 'daily'].map((frequency) =>
				postForm('/fr/account?/notifications', { frequency }, { cookie: who.cookie })
			)
		);
		expect(follows(who.id, topic.discussionId)).toBe(true);
		const row = serverDb()
			.$client.prepare('select email_frequency as f from accounts where id = ?')
			.get(who.id) as { f: string };
		expect(['daily', 'hourly']).toContain(row.f);
	});
});

describe('who is to hear of a message', () => {
	it('the one answered and the followers, never the writer; an unfollow sticks', async () => {
		const alice = await member('Alice', 'en');
		const bob = await member('Bob', 'fr');
		const topic = await startTopic(alice, 'Qui est prévenu');
		const answer = await reply(bob, topic.firstId, 'Une réponse à Alice');
		expect(waitingFor(alice.id)).toMatchObject([{ message_id: answer, reason: 'reply' }]);
		expect(waitingFor(bob.id)).toEqual([]);
		// Bob follows from his first message; he unfollows, writes again: still unfollowed.
		expect(follows(bob.id, topic.discussionId)).toBe(true);
		await postForm(`/fr${topic.path}?/unfollow`, {}, { cookie: bob.cookie });
		await pause(11_000); // a member writes once in 10 seconds (GUARD's limit)
		await write(bob, topic.path, 'Encore moi');
		expect(follows(bob.id, topic.discussionId)).toBe(false);
	}, 30_000);
});

describe('unsubscribing without signing in', () => {
	it('one-click POST (RFC 8058) from a mail client: 200, no cookie, no Origin, and it is done', async () => {
		const alice = await member('Clic', 'en');
		const topic = await startTopic(alice, 'Désabonnement');
		const token = unsubscribe.tokenFor(serverDb(), {
			accountId: alice.id,
			scope: topic.discussionId
		});
		const response = await fetch(`${base()}/en/unsubscribe/${token}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click',
			redirect: 'manual'
		});
		expect(response.status).toBe(200);
		expect(follows(alice.id, topic.discussionId)).toBe(false);
		// The same from a multipart body, as some clients send it, with an 'all' token.
		const all = unsubscribe.tokenFor(serverDb(), { accountId: alice.id, scope: 'all' });
		const body = new FormData();
		body.set('List-Unsubscribe', 'One-Click');
		const multipart = await fetch(`${base()}/en/unsubscribe/${all}`, {
			method: 'POST',
			body,
			headers: { origin: 'https://mail.example' },
			redirect: 'manual'
		});
		expect(multipart.status).toBe(200);
		const row = serverDb()
			.$client.prepare('select email_frequency as f from accounts where id = ?')
			.get(alice.id) as { f: string };
		expect(row.f).toBe('never');
	});

	it('shows a page with both buttons, which work without JavaScript', async () => {
		const bob = await member('Page', 'fr');
		const topic = await startTopic(bob, 'Une page de désabonnement');
		const token = unsubscribe.tokenFor(serverDb(), {
			accountId: bob.id,
			scope: topic.discussionId
		});
		const { response, doc } = await getPage(`/fr/unsubscribe/${token}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(doc.querySelector('main')!.textContent).toContain('Une page de désabonnement');
		const values = doc.querySelectorAll('button[name=stop]').map((b) => b.getAttribute('value'));
		expect(values).toEqual(['discussion', 'all']);
		const stopped = await postForm(`/fr/unsubscribe/${token}`, { stop: 'discussion' });
		expect(stopped.status).toBe(303);
		expect(stopped.headers.get('location')).toBe(`/fr/unsubscribe/${token}?done=discussion`);
		expect(follows(bob.id, topic.discussionId)).toBe(false);
		const done = await getPage(stopped.headers.get('location')!);
		expect(done.doc.querySelector('[role=status]')!.textContent).toContain('vous ne suivez plus');
	});

	it('refuses forged tokens and changes nothing', async () => {
		const carol = await member('Faux', 'fr');
		const topic = await startTopic(carol, 'Un sujet gardé');
		const real = unsubscribe.tokenFor(serverDb(), { accountId: carol.id, scope: 'all' });
		const [, , signature] = Buffer.from(real, 'base64url').toString().split('.');
		for (const token of [
			Buffer.from(`${carol.id}.${topic.discussionId}.${signature}`).toString('base64url'),
			Buffer.from(`${carol.id + 1}.all.${signature}`).toString('base64url'),
			real.slice(0, -3),
			'%2e%2e%2f',
			'x'.repeat(3000)
		]) {
			const page = await get(`/fr/unsubscribe/${token}`);
			expect([404, 414], token).toContain(page.status);
			const post = await fetch(`${base()}/fr/unsubscribe/${token}`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'List-Unsubscribe=One-Click',
				redirect: 'manual'
			});
			expect([400, 404, 414]).toContain(post.status);
		}
		expect(follows(carol.id, topic.discussionId)).toBe(true);
		const row = serverDb()
			.$client.prepare('select email_frequency as f from accounts where id = ?')
			.get(carol.id) as { f: string };
		expect(row.f).toBe('hourly');
	});
});

// NEEDS MAIL: sending() is set at start-up and the worker sends the outbox.
describe.runIf(MAIL_MERGED)('the emails (NEEDS MAIL: sending on, worker)', () => {
	it('a reply to my message: an email in my language, with List-Unsubscribe and one-click', async () => {
		const alice = await member('Anna', 'en');
		const bob = await member('Bruno', 'fr');
		const topic = await startTopic(alice, 'Réponses en anglais');
		const answer = await reply(bob, topic.firstId, 'Bonjour **Anna**');
		const [email] = await until(() => {
			const rows = outboxOf(alice.id);
			return rows.length > 0 && rows;
		});
		expect(email!.kind).toBe('notification');
		expect(email!.locale).toBe('en');
		expect(email!.subject).toBe('1 new message in “Réponses en anglais”');
		expect(email!.text_body).toContain('answered your message');
		expect(email!.text_body).toContain(`${base()}/en/messages/${answer}`);
		const headers = JSON.parse(email!.headers) as Record<string, string>;
		expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		const url = /^<(.+)>$/.exec(headers['List-Unsubscribe']!)![1]!;
		expect(url).toMatch(new RegExp(`^${base()}/en/unsubscribe/[\\w-]+$`));

		// What arrives at the SMTP server.
		const arrived = await until(() =>
			received.find((mail) => mail.to && JSON.stringify(mail.to).includes(alice.email))
		);
		expect(arrived.subject).toBe('1 new message in “Réponses en anglais”');
		// Raw lines: mailparser folds List-* headers into one structured `list` header.
		const line = (key: string) =>
			arrived.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');
		expect(line('list-unsubscribe')).toBe(`List-Unsubscribe: <${url}>`);
		expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		expect(arrived.text).toContain('Bonjour Anna');
		expect(arrived.html).toContain('lang="en"');

		// One click from the mail client: no more emails for this discussion.
		const clicked = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click',
			redirect: 'manual'
		});
		expect(clicked.status).toBe(200);
		expect(follows(alice.id, topic.discussionId)).toBe(false);
	}, 30_000);

	it('hourly: two messages within the hour make one email listing both', async () => {
		const alice = await member('Horaire', 'fr');
		const [bob, carol, dave] = [
			await member('Premier', 'fr'),
			await member('Deuxième', 'fr'),
			await member('Troisième', 'fr')
		];
		const topic = await startTopic(alice, 'Au rythme horaire');
		await write(bob!, topic.path, 'Le premier écrit');
		await until(() => outboxOf(alice.id).length === 1);
		const two = await write(carol!, topic.path, 'La deuxième écrit');
		const three = await write(dave!, topic.path, 'Le troisième écrit');
		await pause(2500);
		expect(outboxOf(alice.id)).toHaveLength(1);
		expect(waitingFor(alice.id).filter((n) => n.sent_at === null)).toHaveLength(2);
		// An hour passes (the last email said to be an hour old), and a pass runs.
		serverDb()
			.$client.prepare(
				'update notifications set sent_at = sent_at - 3600000 where account_id = ? and sent_at is not null'
			)
			.run(alice.id);
		// Another member (one message each keeps clear of the per-member pace).
		const four = await write(await member('Quatrième', 'fr'), topic.path, 'Le quatrième écrit');
		const emails = await until(() => {
			const rows = outboxOf(alice.id);
			return rows.length === 2 && rows;
		});
		expect(emails[1]!.subject).toBe(
			'3 nouveaux messages dans « Au rythme horaire »'.replace(/ (?=»)|(?<=«) /g, '\u00a0')
		);
		for (const id of [two, three, four])
			expect(emails[1]!.text_body).toContain(`${base()}/fr/messages/${id}`);
	}, 40_000);

	it('daily: one digest across discussions once the oldest waited a day', async () => {
		const reader = await member('Quotidien', 'en', 'daily');
		const author = await member('Écrivain', 'fr');
		const first = await startTopic(author, 'Premier sujet du jour');
		const second = await startTopic(await member('Autre', 'fr'), 'Second sujet du jour');
		for (const topic of [first, second])
			await postForm(`/en${topic.path}?/follow`, {}, { cookie: reader.cookie });
		const a = await write(await member('Un', 'fr'), first.path, 'Dans le premier');
		const b = await write(await member('Deux', 'fr'), second.path, 'Dans le second');
		await pause(2500);
		expect(outboxOf(reader.id)).toEqual([]);
		serverDb()
			.$client.prepare(
				'update notifications set created_at = created_at - 90000000 where account_id = ?'
			)
			.run(reader.id);
		await write(await member('Trois', 'fr'), first.path, 'Un de plus');
		const [digest] = await until(() => {
			const rows = outboxOf(reader.id);
			return rows.length > 0 && rows;
		});
		expect(digest!.kind).toBe('digest');
		expect(digest!.subject).toMatch(
			/^Your daily digest: 3 new messages in “.+” and other discussions$/
		);
		for (const id of [a, b]) expect(digest!.text_body).toContain(`/en/messages/${id}`);
		const headers = JSON.parse(digest!.headers) as Record<string, string>;
		expect(headers['List-Unsubscribe']).toMatch(/\/en\/unsubscribe\/[\w-]+>$/);
	}, 40_000);
});
