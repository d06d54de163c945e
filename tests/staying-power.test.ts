import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import { openDatabase } from '../src/lib/server/db';
import { ROOT, startServer, tempDir, type RunningServer } from './helpers/server';

const running: RunningServer[] = [];
afterEach(async () => {
	for (const s of running.splice(0)) await s.stop();
});

async function serverWithOrganiser(databasePath?: string) {
	const server = await startServer(databasePath ? { databasePath } : {});
	running.push(server);
	const db = openDatabase(server.databasePath, path.join(ROOT, 'drizzle'));
	const email = `writer-${Date.now()}@example.org`;
	if (!accounts.findByEmail(db, email)) {
		await accounts.add(db, { email, name: 'Writer', password: 'une phrase de passe assez longue' });
	}
	db.$client.close();
	const login = await fetch(`${server.url}/fr/organiser/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password: 'une phrase de passe assez longue' })
	});
	const cookie = login.headers
		.getSetCookie()
		.find((c) => c.startsWith('session='))!
		.split(';')[0]!;
	return { server, cookie };
}

/** Saves a new draft post; resolves to its title once the server has answered that it is saved. */
async function writePost(
	server: RunningServer,
	cookie: string,
	title: string
): Promise<string | null> {
	try {
		const response = await fetch(`${server.url}/fr/organiser/posts/new?/save`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				cookie
			},
			body: new URLSearchParams({
				kind: 'article',
				title_fr: title,
				body_fr: `Texte de ${title}`,
				intent: 'draft'
			})
		});
		return response.status === 303 ? title : null;
	} catch {
		return null; // the connection died with the server: not acknowledged
	}
}

function titlesIn(file: string): Set<string> {
	const db = new Database(file, { readonly: true });
	try {
		return new Set(
			(db.prepare('select title from post_texts').all() as { title: string }[]).map((r) => r.title)
		);
	} finally {
		db.close();
	}
}

function integrity(file: string): string {
	const db = new Database(file, { readonly: true });
	try {
		return db.pragma('integrity_check', { simple: true }) as string;
	} finally {
		db.close();
	}
}

describe('staying power', () => {
	it('answers /healthz while the database does', async () => {
		const server = await startServer();
		running.push(server);
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('ok\n');
	});

	it('takes an online backup while the server serves and writes', async () => {
		const { server, cookie } = await serverWithOrganiser();
		const acked: string[] = [];
		let writing = true;
		const writer = (async () => {
			for (let i = 0; writing; i++) {
				const title = `Sauvegarde ${i}`;
				if (await writePost(server, cookie, title)) acked.push(title);
			}
		})();
		while (acked.length < 20) await new Promise((r) => setTimeout(r, 20));

		const ackedBefore = [...acked];
		const file = path.join(tempDir(), 'backup.db');
		const backup = await new Promise<{ code: number | null; output: string }>((resolve) => {
			const child = spawn('npm', ['run', '-s', 'backup', '--', file], {
				cwd: ROOT,
				env: { ...process.env, DATABASE_URL: server.databasePath }
			});
			let output = '';
			child.stdout.on('data', (c) => (output += c));
			child.stderr.on('data', (c) => (output += c));
			child.on('exit', (code) => resolve({ code, output }));
		});
		const countDuring = acked.length;
		writing = false;
		await writer;

		expect(backup.code, backup.output).toBe(0);
		expect(backup.output).toContain('integrity ok');
		expect(integrity(file)).toBe('ok');
		const saved = titlesIn(file);
		for (const title of ackedBefore) expect(saved.has(title), title).toBe(true);
		// The server went on writing while the copy was made.
		expect(acked.length).toBeGreaterThanOrEqual(countDuring);
		console.log(
			`backup: ${ackedBefore.length} posts before, ${acked.length - ackedBefore.length} written during or after`
		);
	});

	it('loses no acknowledged write when killed with SIGKILL mid-burst', async () => {
		const { server, cookie } = await serverWithOrganiser();
		const acked: string[] = [];
		let n = 0;
		const writers = Array.from({ length: 4 }, async () => {
			while (server.process.exitCode === null && server.process.signalCode === null) {
				const title = `Rafale ${n++}`;
				const ok = await writePost(server, cookie, title);
				if (ok) acked.push(ok);
				else break;
			}
		});
		while (acked.length < 40) await new Promise((r) => setTimeout(r, 5));
		server.process.kill('SIGKILL');
		await Promise.all(writers);
		running.splice(running.indexOf(server), 1);

		const again = await startServer({ databasePath: server.databasePath });
		running.push(again);
		expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
		await again.stop();
		running.pop();
		expect(integrity(server.databasePath)).toBe('ok');
		const saved = titlesIn(server.databasePath);
		const lost = acked.filter((t) => !saved.has(t));
		console.log(`crash: ${acked.length} writes acknowledged before SIGKILL, ${lost.length} lost`);
		expect(lost).toEqual([]);
	});

	it('on SIGTERM finishes the request in flight, then closes the database cleanly', async () => {
		const server = await startServer();
		running.push(server);
		// A request whose body is still arriving when the signal comes.
		let push!: (chunk: string | null) => void;
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				push = (chunk) =>
					chunk === null ? controller.close() : controller.enqueue(new TextEncoder().encode(chunk));
			}
		});
		const inFlight = fetch(`${server.url}/fr/organiser/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body,
			duplex: 'half'
		} as RequestInit);
		push('email=nobody%40example.org&');
		await new Promise((r) => setTimeout(r, 200));
		server.process.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 200));
		push('password=not+this+one');
		push(null);
		const response = await inFlight;
		expect(response.status).toBe(400);
		// One SIGTERM is enough: the server exits by itself, with success.
		if (server.process.exitCode === null)
			await new Promise((resolve) => server.process.once('exit', resolve));
		running.pop();
		expect(server.process.exitCode, server.output()).toBe(0);
		expect(server.output()).toContain('database closed');
		// A clean close checkpoints the log into the database file and removes it.
		expect(fs.existsSync(`${server.databasePath}-wal`)).toBe(false);
		expect(integrity(server.databasePath)).toBe('ok');
	});
});

describe('restore', () => {
	it('a backup file opens as the database of a new server', async () => {
		const { server, cookie } = await serverWithOrganiser();
		expect(await writePost(server, cookie, 'À restaurer')).toBe('À restaurer');
		const file = path.join(tempDir(), 'copy.db');
		const result = spawnSync('npm', ['run', '-s', 'backup', '--', file], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_URL: server.databasePath },
			encoding: 'utf8'
		});
		expect(result.status, result.stderr).toBe(0);
		const restored = await startServer({ databasePath: file });
		running.push(restored);
		expect((await fetch(`${restored.url}/fr/`)).status).toBe(200);
		expect(titlesIn(file).has('À restaurer')).toBe(true);
	});
});
