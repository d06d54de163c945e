// Two buttons and a sentence: no script needed.
export const csr = false;
