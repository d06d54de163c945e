import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string): param is 'pages' | 'events' | 'posts' =>
	param === 'pages' || param === 'events' || param === 'posts') satisfies ParamMatcher;
