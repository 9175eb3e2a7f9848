import * as fs from 'fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

let validate: ValidateFunction | undefined;

/**
 * The official SARIF 2.1.0 JSON schema (Microsoft's, shipped in
 * @microsoft/jest-sarif), compiled once. Returns the problems, none when valid.
 */
export function sarifProblems(log: unknown): string[] {
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema has a pattern invalid under the u flag;
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
