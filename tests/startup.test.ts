import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failingStart, startServer, tempDir } from './helpers/server';

function counts(file: string) {
	const db = new Database(file, { readonly: true });
	try {
		const count = (table: string) =>
			(db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
		return {
			events: count('events'),
			posts: count('posts'),
			eventTexts: count('event_texts'),
			postTexts: count('post_texts')
		};
	} finally {
		db.close();
	}
}

describe('start-up', () => {
	it('creates the database folder, migrates, seeds once, and adds nothing on a second start', async () => {
		const file = path.join(tempDir(), 'deep', 'er', 'hub.db');
		const first = await startServer({ databasePath: file });
		expect(first.output()).toContain('(new, seeded)');
		await first.stop();
		const afterFirst = counts(file);
		expect(afterFirst).toEqual({ events: 2, posts: 3, eventTexts: 4, postTexts: 6 });

		const second = await startServer({ databasePath: file });
		expect(second.output()).not.toContain('seeded');
		const home = await fetch(`${second.url}/fr/`);
		expect(home.status).toBe(200);
		await second.stop();
		expect(counts(file)).toEqual(afterFirst);
	});

	it('leaves the database file in WAL mode', async () => {
		const server = await startServer();
		await server.stop();
		const db = new Database(server.databasePath, { readonly: true });
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		db.close();
	});

	it.each<[Record<string, string>, string]>([
		[{ PORT: 'abc' }, 'PORT'],
		[{ PORT: '70000' }, 'PORT'],
		[{ ORIGIN: '' }, 'ORIGIN'],
		[{ ORIGIN: 'not a url' }, 'ORIGIN'],
		[{ ORIGIN: 'https://example.org/sub/path' }, 'ORIGIN'],
		[{ DATABASE_URL: 'a-file/hub.db' }, 'DATABASE_URL'],
		[{ SMTP_URL: 'smtp://mail.example.org' }, 'MAIL_FROM'],
		[{ MAIL_FROM: 'hub@example.org' }, 'SMTP_URL'],
		[{ SMTP_URL: 'http://mail.example.org', MAIL_FROM: 'hub@example.org' }, 'SMTP_URL'],
		[{ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'not an address' }, 'MAIL_FROM']
	])('refuses to start with %o and says what to set', async (env, variable) => {
		const dir = tempDir();
		// A database path under a plain file cannot be created.
		fs.writeFileSync(path.join(dir, 'a-file'), '');
		const database = env.DATABASE_URL ? path.join(dir, env.DATABASE_URL) : path.join(dir, 'hub.db');
		const { code, output } = await failingStart({
			ORIGIN: 'http://127.0.0.1:1',
			...env,
			DATABASE_URL: database
		});
		expect(code).toBe(1);
		// adapter-node checks ORIGIN's syntax itself, before our own check, in its own words.
		expect(output).toMatch(new RegExp(`set ${variable}|${variable} must be`));
		expect(output).not.toContain('Listening on');
		if (!('DATABASE_URL' in env)) expect(fs.existsSync(path.join(dir, 'hub.db'))).toBe(false);
	});

	it('says to set PORT when the port is taken', async () => {
		const taken = await startServer();
		const { code, output } = await failingStart({
			PORT: new URL(taken.url).port,
			ORIGIN: taken.url,
			DATABASE_URL: path.join(tempDir(), 'hub.db')
		});
		await taken.stop();
		expect(code).toBe(1);
		expect(output).toMatch(/is taken: set PORT/);
	});
});
