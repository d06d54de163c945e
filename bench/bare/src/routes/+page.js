// The reader pages send no script either.
export const csr = false;
