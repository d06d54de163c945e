import * as limits from '../abuse/limits';

// Unit tests write messages faster than any member may: the limits are tested on their own.
limits.enforce(false);
