import path from 'node:path';
import { openDatabase } from '../db';

/** A fresh in-memory database with the committed migrations applied. */
export function memoryDb() {
	return openDatabase(':memory:', path.resolve('drizzle'));
}
