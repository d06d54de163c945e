// A page that is only a form: enhanced when JavaScript runs, complete without it.
export const csr = true;
