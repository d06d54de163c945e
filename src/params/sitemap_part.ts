import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string): param is 'pages' | 'events' | 'posts' | 'topics' =>
	param === 'pages' ||
	param === 'events' ||
	param === 'posts' ||
	param === 'topics') satisfies ParamMatcher;
