import adapter from '@sveltejs/adapter-node';

// What `npx sv create` gives, and no more: the bench's yardstick for one uncached render.
/** @type {import('@sveltejs/kit').Config} */
const config = { kit: { adapter: adapter({ out: 'build' }) } };

export default config;
