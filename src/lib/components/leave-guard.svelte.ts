import { beforeNavigate } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Asks before leaving a form with unsaved changes (JavaScript only: without it the browser
 * posts what was typed and nothing saved is lost). Typing makes the form dirty; a save that
 * redirects (it stored the form) makes it clean; a failed save or a preview leaves it dirty.
 * Call from a component's script: it registers beforeNavigate, which also covers closing
 * the tab (SvelteKit turns a cancelled unload into the browser's own question).
 */
/**
 * Set while a status action (cancel, archive, publish…) is being sent: it is a decision made on
 * the server, which the leave question could only hide (answered "stay", the page would go on
 * showing the state from before). Its confirmation says unsaved edits are not kept.
 */
let passing = false;

/** use:enhance for the status actions' forms: their redirect is never questioned. */
export const passThrough = (() => {
	passing = true;
	return async ({ update }) => {
		try {
			await update({ reset: false });
		} finally {
			passing = false;
		}
	};
}) satisfies SubmitFunction;

export function leaveGuard(message: () => string) {
	let dirty = false;
	let submitting = false;

	beforeNavigate((navigation) => {
		if (!dirty || submitting || passing) return;
		if (navigation.willUnload) {
			navigation.cancel();
			return;
		}
		if (!window.confirm(message())) navigation.cancel();
	});

	return {
		/** Svelte action for the form: any input makes it dirty. */
		track(node: HTMLFormElement) {
			const mark = () => (dirty = true);
			node.addEventListener('input', mark);
			node.addEventListener('change', mark);
			return {
				destroy() {
					node.removeEventListener('input', mark);
					node.removeEventListener('change', mark);
				}
			};
		},
		/** The form's use:enhance callback: no question for the redirect a save answers with. */
		submit: (() => {
			submitting = true;
			return async ({ result, update }) => {
				if (result.type === 'redirect') dirty = false;
				try {
					await update({ reset: false });
				} finally {
					submitting = false;
				}
			};
		}) satisfies SubmitFunction,
		/** Another form on the page (cancel, archive…) navigates on purpose: don't ask then. */
		allowNext() {
			submitting = true;
		}
	};
}
