import type { SubmitFunction } from '@sveltejs/kit';

/**
 * For use:enhance on forms that open or close a session or change the language: errors are
 * shown in place, but a success loads its next page whole, as without JavaScript. The header,
 * `<html lang>` and reader pages (which send no script) all come from the server then.
 */
export const fullLoadOnRedirect: SubmitFunction = () => {
	return async ({ result, update }) => {
		if (result.type === 'redirect') {
			window.location.assign(result.location);
			return;
		}
		await update();
	};
};
