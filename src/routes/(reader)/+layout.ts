// Reader pages are complete HTML and need no script: none is sent.
export const csr = false;
