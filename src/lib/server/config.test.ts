import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

describe('readConfig', () => {
	it('defaults the database to data/hub.db under the working folder', () => {
		const config = readConfig({}, '/srv/hub', { requireOrigin: false });
		expect(config.databasePath).toBe('/srv/hub/data/hub.db');
		expect(config.migrationsDir).toBe('/srv/hub/drizzle');
		expect(config.origin).toBeNull();
	});

	it('accepts a file: URL or a path, and an origin', () => {
		const config = readConfig(
			{ DATABASE_URL: 'file:/var/lib/hub.db', ORIGIN: 'https://hub.example.org', PORT: '8080' },
			'/srv'
		);
		expect(config.databasePath).toBe('/var/lib/hub.db');
		expect(config.origin?.origin).toBe('https://hub.example.org');
	});

	it('refuses to start without ORIGIN, saying what to set', () => {
		expect(() => readConfig({}, '/srv/hub')).toThrow(/ORIGIN is not set: set ORIGIN/);
		expect(readConfig({ ORIGIN: 'http://localhost:3000' }, '/srv/hub').origin?.host).toBe(
			'localhost:3000'
		);
	});

	it('reports every bad value at once, each with what to set', () => {
		try {
			readConfig({ PORT: '0', HOST: ' ', ORIGIN: 'ftp://x', DATABASE_URL: ':memory:' });
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			const message = (error as Error).message;
			for (const variable of ['PORT', 'HOST', 'ORIGIN', 'DATABASE_URL'])
				expect(message).toContain(`set ${variable}`);
		}
	});

	it('reads FORM_MIN_SECONDS as whole seconds from 0 to 60, 3 when unset', () => {
		const env = { ORIGIN: 'http://localhost:3000' };
		expect(readConfig(env).abuse).toEqual({ formMinSeconds: 3, rateLimits: true });
		expect(readConfig({ ...env, FORM_MIN_SECONDS: '0' }).abuse.formMinSeconds).toBe(0);
		expect(readConfig({ ...env, FORM_MIN_SECONDS: ' 60 ' }).abuse.formMinSeconds).toBe(60);
		for (const bad of ['-1', '61', '1.5', '1e1', '0x3', 'three', '3\u200b'])
			expect(() => readConfig({ ...env, FORM_MIN_SECONDS: bad }), bad).toThrow(
				/set FORM_MIN_SECONDS to a whole number of seconds from 0 to 60/
			);
	});

	it('reads RATE_LIMITS as on or off, on when unset', () => {
		const env = { ORIGIN: 'http://localhost:3000' };
		expect(readConfig({ ...env, RATE_LIMITS: 'off' }).abuse.rateLimits).toBe(false);
		expect(readConfig({ ...env, RATE_LIMITS: 'on' }).abuse.rateLimits).toBe(true);
		for (const bad of ['0', 'false', 'OFF', 'no'])
			expect(() => readConfig({ ...env, RATE_LIMITS: bad }), bad).toThrow(
				/set RATE_LIMITS to on \(the default\) or off/
			);
	});
});

describe('readConfig: email', () => {
	const base = { ORIGIN: 'https://hub.example.org' };
	const problemsOf = (env: Record<string, string>) => {
		try {
			readConfig({ ...base, ...env }, '/srv');
			return '';
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			return (error as Error).message;
		}
	};

	it('sends nothing when neither SMTP_URL nor MAIL_FROM is set', () => {
		expect(readConfig(base, '/srv').mail).toBeNull();
		expect(readConfig({ ...base, SMTP_URL: '', MAIL_FROM: '' }, '/srv').mail).toBeNull();
	});

	it('reads smtp:// (STARTTLS, port 587) and smtps:// (TLS, port 465), with percent-encoded credentials', () => {
		const plain = readConfig(
			{ ...base, SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'hub@example.org' },
			'/srv'
		).mail;
		expect(plain).toMatchObject({
			host: 'mail.example.org',
			port: 587,
			secure: false,
			auth: null,
			from: { name: '', address: 'hub@example.org' },
			workerIntervalMs: 5000
		});
		const tls = readConfig(
			{
				...base,
				SMTP_URL: 'smtps://me%40example.org:p%3As%2Fs@smtp.example.org:2465',
				MAIL_FROM: 'Rencontres <hub@example.org>',
				MAIL_WORKER_INTERVAL_MS: '200'
			},
			'/srv'
		).mail;
		expect(tls).toMatchObject({
			host: 'smtp.example.org',
			port: 2465,
			secure: true,
			auth: { user: 'me@example.org', pass: 'p:s/s' },
			from: { name: 'Rencontres', address: 'hub@example.org' },
			workerIntervalMs: 200
		});
		expect(
			readConfig({ ...base, SMTP_URL: 'smtps://[::1]', MAIL_FROM: '"Le hub" <a@b.fr>' }, '/srv')
				.mail
		).toMatchObject({ host: '::1', port: 465, from: { name: 'Le hub', address: 'a@b.fr' } });
	});

	it('refuses one without the other, saying which to set', () => {
		expect(problemsOf({ SMTP_URL: 'smtp://mail.example.org' })).toMatch(/set MAIL_FROM/);
		expect(problemsOf({ MAIL_FROM: 'hub@example.org' })).toMatch(/set SMTP_URL/);
	});

	it.each([
		'http://mail.example.org',
		'mail.example.org:587',
		'smtp://',
		'smtp://mail.example.org/path',
		'smtp://mail.example.org?x=1',
		'smtp://mail.example.org:0',
		'smtp://mail.example.org:99999',
		'smtp://mail example.org',
		' smtp://mail.example.org',
		'smtp://mail.example.org\n',
		'smtp://:secret@mail.example.org',
		'smtp://user:%ZZ@mail.example.org'
	])('refuses SMTP_URL %j', (url) => {
		expect(problemsOf({ SMTP_URL: url, MAIL_FROM: 'hub@example.org' })).toMatch(/set SMTP_URL/);
	});

	it('never prints the password of a refused SMTP_URL', () => {
		const said = problemsOf({
			SMTP_URL: 'smtp://me:hunter2@mail.example.org/x',
			MAIL_FROM: 'a@b.c'
		});
		expect(said).toMatch(/set SMTP_URL/);
		expect(said).not.toContain('hunter2');
	});

	it.each([
		'hub',
		'hub@',
		'two@example.org, three@example.org',
		'Name <hub@example.org',
		'Na<me <hub@example.org>',
		'hub@example.org\r\nBcc: x@y.z',
		'hub@exa\u200bmple.org'
	])('refuses MAIL_FROM %j', (from) => {
		expect(problemsOf({ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: from })).toMatch(
			/set MAIL_FROM/
		);
	});

	it('refuses a worker interval that is not a number of milliseconds', () => {
		for (const interval of ['abc', '5', '-100', '1e3'])
			expect(
				problemsOf({
					SMTP_URL: 'smtp://mail.example.org',
					MAIL_FROM: 'a@b.c',
					MAIL_WORKER_INTERVAL_MS: interval
				})
			).toMatch(/set MAIL_WORKER_INTERVAL_MS/);
	});
});
