import { memoizerLookup } from '../conditions/memoizers';
import memoizers from './memoizers.json';

/**
 * `once(fn)`, `memoize(fn)`, `pMemoize(fn)`, `@Memoize()`: wrappers whose
 * function runs on the first call only, matched by the name the wrapper is
 * imported as (`memoizers.json`), so a project's own `once` does not count.
 */
export const memoizerOf = memoizerLookup(memoizers as Parameters<typeof memoizerLookup>[0]);
