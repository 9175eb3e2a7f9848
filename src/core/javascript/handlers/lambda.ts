import type { FileContext, FileHandler, FileMatcher } from './types';

/**
 * AWS Lambda: an exported `handler` (`export const handler = async (event) =>`,
 * `exports.handler = ...`). One request per execution environment, so
 * blocking costs only that invocation's latency.
 */
export const lambda: FileMatcher = {
  framework: 'aws-lambda',
  match(file: FileContext): FileHandler[] {
    const ref = file.exports.get('handler');
    if (!ref) return [];
    return [{ ref, framework: 'aws-lambda', route: null, context: 'per-request-instance' }];
  },
};
