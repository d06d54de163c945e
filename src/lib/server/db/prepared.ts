import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Statement } from 'better-sqlite3';
import type { Db } from '.';

/*
 * The hot reads of the reader pages, prepared once per database handle: Drizzle builds a query's
 * SQL and better-sqlite3 compiles it on every call otherwise (~9% of an uncached page's time,
 * issue 13). A handle's statements live as long as the handle (a WeakMap: tests open many).
 */

/** `make`'s statements for `db`, made on its first use. */
export function preparedFor<T>(make: (db: Db) => T): (db: Db) => T {
	const made = new WeakMap<Db, T>();
	return (db) => {
		let statements = made.get(db);
		if (statements === undefined) {
			statements = make(db);
			made.set(db, statements);
		}
		return statements;
	};
}

/**
 * `column IN (the ids)` with the list bound as one JSON parameter, so that one statement serves
 * any number of ids; SQLite still looks each up through the column's index.
 */
export function inIds(column: SQLiteColumn, name = 'ids'): SQL {
	return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

export const idList = (ids: number[]) => JSON.stringify(ids);

const bySql = new WeakMap<object, Map<string, Statement>>();

/**
 * `sql` prepared once per connection: preparing a statement costs more than running most of
 * ours, and pages made for signed-in members run them on every request.
 */
export function prepared(db: Db, sql: string): Statement {
	let statements = bySql.get(db.$client);
	if (!statements) {
		statements = new Map();
		bySql.set(db.$client, statements);
	}
	let statement = statements.get(sql);
	if (!statement) {
		statement = db.$client.prepare(sql);
		statements.set(sql, statement);
	}
	return statement;
}
