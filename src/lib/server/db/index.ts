import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { backfillNameKeys } from '../accounts/names';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 * Throws with the path and what to do when the file or the migrations cannot be used.
 */
export function openDatabase(file: string, migrationsDir: string): Db {
	if (!fs.existsSync(path.join(migrationsDir, 'meta', '_journal.json'))) {
		throw new Error(
			`No migrations found in ${migrationsDir}: start the server from the project folder, or set MIGRATIONS_DIR to the folder holding drizzle/meta/_journal.json.`
		);
	}
	let sqlite: Database.Database;
	try {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		sqlite = new Database(file);
	} catch (cause) {
		throw new Error(
			`Cannot open the database at ${file} (${(cause as Error).message}): set DATABASE_URL to a writable file path.`,
			{ cause }
		);
	}
	applyPragmas(sqlite);
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder: migrationsDir });
	// What SQL cannot compute in a migration (0009: Unicode folding), before anyone may write.
	backfillNameKeys(sqlite);
	return db;
}

function applyPragmas(sqlite: Database.Database) {
	sqlite.pragma('journal_mode = WAL');
	// Writes are rare and precious: an acknowledged write must survive a power cut.
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
}
