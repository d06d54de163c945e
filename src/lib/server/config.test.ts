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
});
