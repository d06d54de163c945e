import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import * as auth from '../src/lib/server/auth/sessions';
import { ROOT, tempDir } from './helpers/server';

function cli(args: string[], input: string, databasePath: string, command = 'organiser') {
	return spawnSync('npm', ['run', '-s', command, '--', ...args], {
		cwd: ROOT,
		input,
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: databasePath }
	});
}

describe('npm run organiser', () => {
	it('adds the first admin with the password from standard input, lists, resets and disables', async () => {
		const file = path.join(tempDir(), 'hub.db');
		const add = cli(
			['add', '--email', 'Jeanne@Example.org', '--name', 'Jeanne Bretécher', '--admin'],
			'les communs numériques\n',
			file
		);
		expect(add.status).toBe(0);
		expect(add.stdout).toContain('Added jeanne@example.org\tJeanne Bretécher\tadmin');

		const weak = cli(['add', '--email', 'x@example.org', '--name', 'X'], 'password1234\n', file);
		expect(weak.status).toBe(1);
		expect(weak.stderr).toContain('too easy to guess: use a longer phrase');

		expect(cli(['list'], '', file).stdout.trim().split('\n')).toEqual([
			'jeanne@example.org\tJeanne Bretécher\tadmin'
		]);

		const db = openDatabase(file, path.join(ROOT, 'drizzle'));
		const address = '192.0.2.10';
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: 'les communs numériques',
					address
				})
			).ok
		).toBe(true);
		expect(
			cli(['reset-password', '--email', 'jeanne@example.org'], 'une toute nouvelle phrase\n', file)
				.status
		).toBe(0);
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: 'une toute nouvelle phrase',
					address
				})
			).ok
		).toBe(true);
		expect(cli(['disable', '--email', 'jeanne@example.org'], '', file).status).toBe(0);
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: 'une toute nouvelle phrase',
					address
				})
			).ok
		).toBe(false);
		db.$client.close();
	});

	it('answers to `npm run account` too, its new name, and says so in its usage', () => {
		const file = path.join(tempDir(), 'hub.db');
		const add = cli(
			['add', '--email', 'paul@example.org', '--name', 'Paul'],
			'une phrase de passe assez longue\n',
			file,
			'account'
		);
		expect(add.status).toBe(0);
		expect(add.stdout).toContain('Added paul@example.org\tPaul\torganiser');
		expect(cli(['list'], '', file).stdout.trim()).toBe('paul@example.org\tPaul\torganiser');
		const help = cli(['--help'], '', file, 'account');
		expect(help.stdout).toContain('npm run account -- <command>');
		expect(help.stdout).toContain('npm run organiser -- <command> [options] is the same');
	});
});
