// `/fr/` and `/fr` are the same page: let neither redirect to the other.
export const trailingSlash = 'ignore';
