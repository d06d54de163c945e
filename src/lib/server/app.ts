import type { Statement } from 'better-sqlite3';
import { readConfig, type Config } from './config';
import { openDatabase, type Db } from './db';
import { seedDatabase } from './content/seed';
import * as events from './content/events';
import * as digest from './mail/digest';
import * as mailing from './mail/sending';
import * as outbox from './mail/outbox';
import { createTransport } from './mail/transport';
import { startWorker, type Worker } from './mail/worker';
import * as limits from './abuse/limits';

/**
 * The server's one database handle and configuration, made once at start-up (hooks.server.ts
 * `init`). Routes call `database()`; unit tests open their own databases instead.
 */
let state: { config: Config; db: Db; worker: Worker | null; versionQuery?: Statement } | null =
	null;

export function startApp(
	env: Record<string, string | undefined> = process.env,
	{ requireOrigin = true } = {}
) {
	const config = readConfig(env, process.cwd(), { requireOrigin });
	const db = openDatabase(config.databasePath, config.migrationsDir);
	const seeded = seedDatabase(db);
	state = { config, db, worker: startMail(config, db) };
	// Notifications become emails at each member's pace (a pass a minute, and after each message).
	digest.startGathering(db, { origin: config.origin });
	limits.enforce(config.abuse.rateLimits);
	// adapter-node emits this once in-flight requests have finished after SIGTERM or SIGINT.
	process.once('sveltekit:shutdown' as 'exit', () => stopApp());
	return { config, seeded };
}

/** Email is sent only when configured: then the outbox's worker runs beside the server. */
function startMail(config: Config, db: Db): Worker | null {
	mailing.setSending(config.mail !== null);
	if (config.origin) mailing.setLinkOrigin(config.origin.origin);
	if (!config.mail) return null;
	const worker = startWorker(db, createTransport(config.mail), {
		intervalMs: config.mail.workerIntervalMs,
		domain: config.mail.from.address.slice(config.mail.from.address.lastIndexOf('@') + 1),
		// Errors are kept for admins to read: neither the password nor the account name in them.
		secrets: config.mail.auth
			? [config.mail.auth.pass, config.mail.auth.user.length >= 4 ? config.mail.auth.user : '']
			: []
	});
	outbox.whenEnqueued(worker.wake);
	console.log(`Rencontres: sending email through ${config.mail.host}:${config.mail.port}`);
	return worker;
}

/**
 * Closes the database cleanly: the WAL is checkpointed and the -wal file removed. An email
 * being sent finishes first (its row is marked sent), so none is sent twice after a restart.
 */
export function stopApp() {
	if (!state) return;
	const { db, worker } = state;
	state = null;
	mailing.setSending(false);
	outbox.whenEnqueued(() => {});
	const close = () => {
		db.$client.close();
		console.log('Rencontres: database closed');
	};
	if (worker) void worker.stop().finally(close);
	else close();
}

/** Whether the database answers, for /healthz. */
export function databaseAnswers(): boolean {
	try {
		return state?.db.$client.prepare('select 1 as ok').get() !== undefined;
	} catch {
		return false;
	}
}

/** The configuration read at start-up (anti-abuse reads FORM_MIN_SECONDS from it). */
export function config(): Config {
	if (!state) throw new Error('The app has not started: startApp() runs in the init hook.');
	return state.config;
}

export function database(): Db {
	if (!state) throw new Error('The app has not started: startApp() runs in the init hook.');
	return state.db;
}

/** The public origin: ORIGIN when set (behind a proxy), else the request's own. */
export function publicOrigin(requestUrl: URL): string {
	return state?.config.origin?.origin ?? requestUrl.origin;
}

/** Rises with every change to events, posts and their texts (triggers in drizzle/0002). */
export function dataVersion(): number {
	return readVersions().data;
}

/** Both counters in one read: the content's (drizzle/0002) and the forum's (drizzle/0010). */
function readVersions(): { data: number; forum: number } {
	if (!state) return { data: 0, forum: 0 };
	// Asked on every cached request: prepared once.
	state.versionQuery ??= state.db.$client.prepare(
		`select (select value from meta where key = 'data_version') as data,
		        (select value from meta where key = 'forum_version') as forum`
	);
	const row = state.versionQuery.get() as { data: string | null; forum: string | null };
	const versions = { data: Number(row.data ?? 0), forum: Number(row.forum ?? 0) };
	noticeForumVersion(versions.forum);
	return versions;
}

/*
 * The forum's writes made by this process drop exactly the cached answers they change (through
 * forum/changes.ts). One made by another process (a script, a second server) is seen here, as a
 * forum version this process did not make: then every cached answer showing forum data goes.
 */
let knownForumVersion = -1;
let onForeignForumWrite: () => void = () => {};

function noticeForumVersion(version: number) {
	if (knownForumVersion !== -1 && version !== knownForumVersion) onForeignForumWrite();
	knownForumVersion = version;
}

/** Tells what to do when another process wrote in the forum. */
export function whenForumWrittenElsewhere(action: () => void) {
	onForeignForumWrite = action;
}

/** After this process wrote in the forum (and invalidated what it changed): its own version. */
export function forumWrittenHere() {
	if (!state) return;
	knownForumVersion = -1;
	readVersions();
}

let clock = { version: -1, nextEnd: null as number | null, state: '', readAt: -1 };

/**
 * What the pages and feeds show depends on the data and on which events are over: the data
 * version and the next moment an event ends. Remembered until either moves, so a request pays
 * at most one read of the version, not a query of the events. The version itself is read at
 * most once per millisecond: any read of the database opens a WAL read transaction (~6 µs,
 * a sixth of a cached answer), and at 20,000 requests a second that adds up. A write by this
 * process forgets it at once (forgetContentState); one by another process shows within 1 ms.
 */
export function contentState(now = Date.now()): string {
	if (now === clock.readAt && (clock.nextEnd === null || now < clock.nextEnd)) return clock.state;
	const version = dataVersion();
	if (version !== clock.version || (clock.nextEnd !== null && now >= clock.nextEnd)) {
		const nextEnd = events.nextEndAfter(database(), now);
		clock = { version, nextEnd, state: `${version}.${nextEnd ?? 'none'}`, readAt: now };
	}
	clock.readAt = now;
	return clock.state;
}

/** After a request that may have written: the next one reads the version again. */
export function forgetContentState() {
	clock.readAt = -1;
}
