import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import * as accounts from '../../src/lib/server/accounts/accounts';
import * as limits from '../../src/lib/server/abuse/limits';
import * as traps from '../../src/lib/server/abuse/traps';
import { base, databasePath, useServer } from './http';
import { ROOT, startServer } from './server';

// The test process's own writes through the domain (messages set up with serverDb()) are not
// members typing: no rate limit on them. The server's limits are its own (useOwnServer).
limits.enforce(false);

const opened = new Map<string, Db>();
/** The running server's database, opened a second time (WAL allows it) to set up and check. */
export function serverDb(): Db {
	const file = databasePath();
	let db = opened.get(file);
	if (!db) {
		db = openDatabase(file, path.join(ROOT, 'drizzle'));
		opened.set(file, db);
	}
	return db;
}

let counter = 0;
/** A fresh organiser account, with a unique address so tests do not share login limits. */
export async function makeOrganiser(role: 'admin' | 'organiser' = 'organiser') {
	const email = `organiser-${process.pid}-${Date.now()}-${counter++}@example.org`;
	const password = 'une phrase de passe assez longue';
	const organiser = await accounts.add(serverDb(), {
		email,
		// Display names are unique (issue 13), and every test file shares one database.
		name: `Orga ${process.pid}-${Date.now()}-${counter}`,
		password,
		role
	});
	return { ...organiser, password };
}

/**
 * A form's signed moment of issue (abuse/traps.ts), as the server's pages sign it: for a
 * member's message forms unless `kind` says the sign-up form. Each is new (spent once used).
 */
export function formIssued(msAgo = 10_000, kind: traps.FormKind = 'message'): string {
	return traps.issue(serverDb(), kind, Date.now() - msAgo);
}

/** The same, for a server of the test's own (another database, so another secret). */
export function formIssuedFor(
	databasePath: string,
	msAgo = 10_000,
	kind: traps.FormKind = 'join'
): string {
	let db = opened.get(databasePath);
	if (!db) {
		db = openDatabase(databasePath, path.join(ROOT, 'drizzle'));
		opened.set(databasePath, db);
	}
	return traps.issue(db, kind, Date.now() - msAgo);
}

/** The kind of form posted to `path`: the sign-up form's moments are its own. */
const kindOf = (path: string): traps.FormKind =>
	new URL(path, 'http://hub.invalid').pathname.endsWith('/join') ? 'join' : 'message';

/**
 * Posts a form as a browser on the hub's own origin would (SvelteKit checks Origin), as a
 * person would have: a form of its own handed out 10 s ago (for the sign-up form if `path` is
 * /join), the honeypot empty, unless `fields` says otherwise.
 */
export function postForm(
	path: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {}
) {
	return fetch(base() + path, {
		method: 'POST',
		body: new URLSearchParams({
			[traps.ISSUED_FIELD]: formIssued(10_000, kindOf(path)),
			...fields
		}),
		// Accept: text/html, as a browser without JavaScript; */* would get SvelteKit's JSON answer.
		headers: {
			origin: base(),
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...headers
		},
		redirect: 'manual'
	});
}

/**
 * Logs in and returns the Cookie header that carries the session. All tests log in from
 * 127.0.0.1: together they must stay under the per-address failure limit (20 in 15 minutes).
 */
export async function loginCookie(email: string, password: string): Promise<string> {
	const response = await postForm('/fr/organiser/login', { email, password });
	if (response.status !== 303) throw new Error(`login failed: ${response.status}`);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
	if (!cookie) throw new Error('no session cookie');
	return cookie.split(';')[0]!;
}

/**
 * Gives the calling test file a server and database of its own, for files that change shared
 * content or counters: other files' assertions must not see their writes. Its members post
 * and join faster than people do (browsers driven by a test fill a form at once): the rate
 * limits and the forms' minimum time are off, unless `env` sets them (tests/abuse.test.ts).
 */
export function useOwnServer(options: Parameters<typeof startServer>[0] = {}) {
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	beforeAll(async () => {
		server = await startServer(options);
		useServer(server);
	});
	afterAll(async () => {
		const file = server?.databasePath;
		if (file) opened.get(file)?.$client.close();
		if (file) opened.delete(file);
		await server?.stop();
	});
	return () => server!;
}
