import type { TestProject } from 'vitest/node';
import { ensureBuilt, startServer } from '../helpers/server';

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		databasePath: string;
	}
}

/** One built server over a fresh database, shared by the integration and browser tests. */
export default async function setup(project: TestProject) {
	ensureBuilt();
	const server = await startServer();
	project.provide('baseUrl', server.url);
	project.provide('databasePath', server.databasePath);
	return async () => {
		await server.stop();
	};
}
