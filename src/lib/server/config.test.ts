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
