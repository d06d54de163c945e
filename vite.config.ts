import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Paraglide's messages are compiled by `npm run paraglide`, which every script that builds,
// checks or tests runs first (see package.json), so no Vite plugin is needed for them.
export default defineConfig({
	plugins: [sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node',
					// Rate limits off: tests write faster than members may (abuse/limits.test.ts turns them on).
					setupFiles: ['src/lib/server/testing/unit-setup.ts'],
					// A budget for a busy machine (the integration files run beside), not a speed check.
					testTimeout: 20_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/setup/global.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					// One built server is shared; browser tests are heavy on two cores.
					fileParallelism: false
				}
			}
		]
	}
});
