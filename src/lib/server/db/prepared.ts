import type { Statement } from 'better-sqlite3';
import type { Db } from './index';

const made = new WeakMap<object, Map<string, Statement>>();

/**
 * `sql` prepared once per connection: preparing a statement costs more than running most of
 * ours, and pages made for signed-in members run them on every request.
 */
export function prepared(db: Db, sql: string): Statement {
	let statements = made.get(db.$client);
	if (!statements) {
		statements = new Map();
		made.set(db.$client, statements);
	}
	let statement = statements.get(sql);
	if (!statement) {
		statement = db.$client.prepare(sql);
		statements.set(sql, statement);
	}
	return statement;
}
