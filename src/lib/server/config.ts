import path from 'node:path';

/** What the server needs from its environment, checked once at start-up. */
export type Config = {
	databasePath: string;
	migrationsDir: string;
	origin: URL | null;
	/** Email (SMTP_URL and MAIL_FROM): null when unset, and nothing is sent. */
	mail: MailConfig | null;
	abuse: AbuseConfig;
};

/** Where and as whom email is sent, from SMTP_URL and MAIL_FROM. */
export type MailConfig = {
	host: string;
	port: number;
	/** smtps: TLS from the first byte; smtp: STARTTLS when the server offers it. */
	secure: boolean;
	auth: { user: string; pass: string } | null;
	from: { name: string; address: string };
	/** How often the outbox is looked at, in ms (MAIL_WORKER_INTERVAL_MS; tests shorten it). */
	workerIntervalMs: number;
};

/** What the anti-abuse checks need from the environment. */
export type AbuseConfig = {
	/**
	 * Anti-abuse: a sign-up or message form sent back sooner than `formMinSeconds` after it was
	 * handed out is a script's; `rateLimits` off lifts the limits on messages and sign-ups.
	 */
	formMinSeconds: number;
	rateLimits: boolean;
};

export class ConfigError extends Error {
	constructor(problems: string[]) {
		super(
			`Rencontres cannot start, its configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`
		);
		this.name = 'ConfigError';
	}
}

const DEFAULT_DATABASE = 'data/hub.db';

/**
 * Reads and checks the environment. Every problem is reported at once, each with the
 * variable to set, so an operator fixes the lot in one go instead of one per restart.
 * PORT and HOST are read by adapter-node itself; we only check them, because adapter-node
 * would otherwise listen on a random port or fail with an unhelpful error.
 */
export function readConfig(
	env: Record<string, string | undefined>,
	cwd = process.cwd(),
	{ requireOrigin = true }: { requireOrigin?: boolean } = {}
): Config {
	const problems: string[] = [];

	const port = env.PORT;
	if (port !== undefined && port !== '' && !/^\d{1,5}$/.test(port)) {
		problems.push(
			`PORT is "${port}": set PORT to a port number between 1 and 65535 (default 3000).`
		);
	} else if (port && (Number(port) < 1 || Number(port) > 65535)) {
		problems.push(`PORT is ${port}: set PORT to a port number between 1 and 65535 (default 3000).`);
	}

	if (env.HOST !== undefined && env.HOST.trim() === '') {
		problems.push(
			'HOST is empty: set HOST to the address to listen on (e.g. 0.0.0.0 or 127.0.0.1), or unset it.'
		);
	}

	let origin: URL | null = null;
	if (!env.ORIGIN && requireOrigin) {
		// Without it the address in links, feeds and calendars would come from each request's
		// Host header, which anyone can forge, and the response cache would hand it to everyone.
		problems.push(
			'ORIGIN is not set: set ORIGIN to the public address of the hub, scheme and host only (e.g. https://rencontres.example.org). `npm start` sets http://localhost:$PORT by itself.'
		);
	} else if (env.ORIGIN) {
		try {
			origin = new URL(env.ORIGIN);
			if (
				!['http:', 'https:'].includes(origin.protocol) ||
				origin.pathname !== '/' ||
				origin.search
			) {
				throw new Error('not an origin');
			}
		} catch {
			origin = null;
			problems.push(
				`ORIGIN is "${env.ORIGIN}": set ORIGIN to the public address of the hub, scheme and host only (e.g. https://rencontres.example.org).`
			);
		}
	}

	const rawDb = env.DATABASE_URL?.trim() || DEFAULT_DATABASE;
	const dbPath = rawDb.startsWith('file:') ? rawDb.slice('file:'.length) : rawDb;
	if (dbPath === ':memory:' || dbPath.endsWith('/') || dbPath.includes('\0')) {
		problems.push(
			`DATABASE_URL is "${rawDb}": set DATABASE_URL to the path of the SQLite file (default ${DEFAULT_DATABASE}).`
		);
	}

	const mail = readMail(env, problems);
	// Anti-abuse (abuse/): browser tests fill forms faster than people, and set 0; tests of
	// everything but the limits post faster than 1 message in 10 s, and set RATE_LIMITS=off.
	const rawMinSeconds = env.FORM_MIN_SECONDS?.trim() || '3';
	const formMinSeconds = Number(rawMinSeconds);
	if (!/^\d{1,2}$/.test(rawMinSeconds) || formMinSeconds > 60) {
		problems.push(
			`FORM_MIN_SECONDS is "${env.FORM_MIN_SECONDS}": set FORM_MIN_SECONDS to a whole number of seconds from 0 to 60 (default 3), or unset it.`
		);
	}
	const rawLimits = env.RATE_LIMITS?.trim() || 'on';
	if (rawLimits !== 'on' && rawLimits !== 'off') {
		problems.push(
			`RATE_LIMITS is "${env.RATE_LIMITS}": set RATE_LIMITS to on (the default) or off (tests only: lifts the limits on messages and sign-ups).`
		);
	}

	if (problems.length > 0) throw new ConfigError(problems);

	return {
		databasePath: path.resolve(cwd, dbPath),
		migrationsDir: path.resolve(cwd, env.MIGRATIONS_DIR || 'drizzle'),
		origin,
		mail,
		abuse: { formMinSeconds, rateLimits: rawLimits !== 'off' }
	};
}

/*
 * Email. SMTP_URL and MAIL_FROM come together or not at all: one without the other is a
 * half-done set-up, refused at start-up rather than found out when the first email fails.
 * A problem never prints the password the URL holds.
 */
const SMTP_EXAMPLE = 'smtp://user:password@smtp.example.org:587 (or smtps://…:465)';
const FROM_EXAMPLE = '"Rencontres <hub@example.org>" or hub@example.org';
const ADDRESS_RE = /^[^\s@<>"(),;:\\\p{C}]+@[^\s@<>"(),;:\\\p{C}]+\.[^\s@<>"(),;:\\\p{C}]+$/u;
const DEFAULT_WORKER_INTERVAL_MS = 5_000;

/** SMTP_URL with its password hidden, for error messages and logs. */
export function maskedSmtpUrl(raw: string): string {
	return raw.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

function readMail(env: Record<string, string | undefined>, problems: string[]): MailConfig | null {
	const rawUrl = env.SMTP_URL ?? '';
	const rawFrom = env.MAIL_FROM ?? '';
	if (rawUrl === '' && rawFrom === '') return null;
	if (rawUrl === '') {
		problems.push(
			`MAIL_FROM is set but SMTP_URL is not: set SMTP_URL to your mail server, e.g. ${SMTP_EXAMPLE}, or unset MAIL_FROM to send no email.`
		);
		return null;
	}
	if (rawFrom === '') {
		problems.push(
			`SMTP_URL is set but MAIL_FROM is not: set MAIL_FROM to the sender's address, e.g. ${FROM_EXAMPLE}, or unset SMTP_URL to send no email.`
		);
		return null;
	}
	const smtp = parseSmtpUrl(rawUrl);
	if (!smtp)
		problems.push(
			`SMTP_URL is "${maskedSmtpUrl(rawUrl)}": set SMTP_URL to smtp:// or smtps://, [user:password@]host[:port], e.g. ${SMTP_EXAMPLE}; special characters of the password percent-encoded.`
		);
	const from = parseFrom(rawFrom);
	if (!from)
		problems.push(`MAIL_FROM is "${rawFrom}": set MAIL_FROM to one address, e.g. ${FROM_EXAMPLE}.`);
	const interval = env.MAIL_WORKER_INTERVAL_MS;
	let workerIntervalMs = DEFAULT_WORKER_INTERVAL_MS;
	if (interval !== undefined && interval !== '') {
		if (!/^\d{2,7}$/.test(interval) || Number(interval) < 50)
			problems.push(
				`MAIL_WORKER_INTERVAL_MS is "${interval}": set MAIL_WORKER_INTERVAL_MS to milliseconds between 50 and 9999999, or unset it (default ${DEFAULT_WORKER_INTERVAL_MS}).`
			);
		else workerIntervalMs = Number(interval);
	}
	return smtp && from ? { ...smtp, from, workerIntervalMs } : null;
}

function parseSmtpUrl(raw: string): Pick<MailConfig, 'host' | 'port' | 'secure' | 'auth'> | null {
	// A space or a control character is a pasting accident, never part of a server's address.
	if (/[\s\p{C}]/u.test(raw)) return null;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return null;
	}
	if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return null;
	if (!url.hostname || (url.pathname !== '' && url.pathname !== '/') || url.search || url.hash)
		return null;
	if (!/^[\w.-]+$|^\[[\da-f:.]+\]$/i.test(url.hostname)) return null;
	const secure = url.protocol === 'smtps:';
	const port = url.port ? Number(url.port) : secure ? 465 : 587;
	if (!(port >= 1 && port <= 65535)) return null;
	let auth: MailConfig['auth'] = null;
	try {
		if (url.username || url.password)
			auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
	} catch {
		return null;
	}
	if (auth && !auth.user) return null;
	return { host: url.hostname.replace(/^\[|\]$/g, ''), port, secure, auth };
}

/** `addr@example.org` or `Name <addr@example.org>` (the name may be in double quotes). */
function parseFrom(raw: string): MailConfig['from'] | null {
	const value = raw.trim();
	if (/\p{C}/u.test(value)) return null;
	if (ADDRESS_RE.test(value)) return { name: '', address: value };
	const named = /^(.*?)\s*<([^<>]+)>$/u.exec(value);
	if (!named) return null;
	const name = named[1]!.replace(/^"(.*)"$/u, '$1').trim();
	if (/[<>"]/.test(name) || !ADDRESS_RE.test(named[2]!)) return null;
	return { name, address: named[2]! };
}
