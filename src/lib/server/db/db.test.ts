import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './index';

describe('openDatabase', () => {
	it('creates the folder and opens with WAL, foreign keys, full sync and a busy timeout', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-'));
		const db = openDatabase(path.join(dir, 'a', 'b', 'hub.db'), path.resolve('drizzle'));
		const pragma = (name: string) => db.$client.pragma(name, { simple: true });
		expect(pragma('journal_mode')).toBe('wal');
		expect(pragma('foreign_keys')).toBe(1);
		expect(pragma('synchronous')).toBe(2); // FULL
		expect(pragma('busy_timeout')).toBe(5000);
		db.$client.close();
	});

	it('says what to set when migrations or the file are unusable', () => {
		expect(() => openDatabase(':memory:', '/nonexistent/drizzle')).toThrowError(/MIGRATIONS_DIR/);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'plain-file');
		fs.writeFileSync(file, '');
		expect(() => openDatabase(path.join(file, 'hub.db'), path.resolve('drizzle'))).toThrowError(
			/set DATABASE_URL/
		);
	});
});
