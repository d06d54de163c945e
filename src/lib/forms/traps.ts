/*
 * The names of the traps' fields, shared by the form (components/FormTraps.svelte) and the
 * server that judges it (server/abuse/traps.ts).
 */

/** The honeypot: a name a form-filling script is glad to fill in. */
export const HONEYPOT_FIELD = 'website';
/** The signed moment the form was handed out: `<ms>.<signature>`. */
export const ISSUED_FIELD = 'form_issued';
