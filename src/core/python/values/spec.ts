import type { ValueSpec } from '../../model';
import type { Value } from '../types';

/** Specs per value are bounded: a union wider than this says little. */
const MAX_SPECS = 8;

/**
 * A value as other files can use it (function returns, class attributes):
 * library names as they are spelled, project values as a symbol plus steps.
 * Django's lazy values become the names the rules use.
 */
export function specsOf(value: Value): ValueSpec[] {
  switch (value.kind) {
    case 'ext':
      return [{ kind: 'external', name: value.name }];
    case 'proj':
      return [{ kind: 'symbol', ref: value.ref, path: value.instance ? '()' : '' }];
    case 'returned':
      return [{ kind: 'symbol', ref: value.ref, path: value.path }];
    case 'django-qs':
      return [{ kind: 'external', name: 'django.db.models.QuerySet()' }];
    case 'django-manager':
      return [{ kind: 'external', name: 'django.db.models.Manager()' }];
    case 'union':
      return value.members.flatMap(specsOf).slice(0, MAX_SPECS);
    default:
      return [];
  }
}

/** Several values (every `return` of a function) as specs, without repeats. */
export function specsOfAll(values: readonly Value[]): ValueSpec[] {
  const seen = new Map<string, ValueSpec>();
  for (const value of values) for (const spec of specsOf(value)) seen.set(JSON.stringify(spec), spec);
  return [...seen.values()].slice(0, MAX_SPECS);
}
