import { satisfies, validRange } from '@renovatebot/pep440';

/** Poetry's `^3.2`, `~3.2` and bare `3.2.*` / `3.2.18` as PEP 440 specifiers; PEP 440 text as it is. */
function asPep440(spec: string): string | undefined {
  const text = spec.trim().replace(/^\((.*)\)$/, '$1');
  if (text === '' || text === '*') return '';
  const caret = /^\^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (caret) {
    const [major, minor = '0', patch = '0'] = caret.slice(1);
    const upper = +major > 0 ? `${+major + 1}` : +minor > 0 ? `0.${+minor + 1}` : `0.0.${+patch + 1}`;
    return `>=${major}.${minor}.${patch},<${upper}`;
  }
  const tilde = /^~(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(text);
  if (tilde) return tilde[2] === undefined ? `>=${tilde[1]},<${+tilde[1] + 1}` : `>=${tilde[1]}.${tilde[2]},<${tilde[1]}.${+tilde[2] + 1}`;
  if (/^\d/.test(text)) return `==${text}`;
  return validRange(text) ? text : undefined;
}

/**
 * Whether the versions a project declares for a dependency leave out every
 * release from `major`.0 on (`django<4`, `Django==3.2.18`, poetry `^3.2`).
 * Nothing declared, or a specifier we cannot read, is not a cap.
 */
export function capsBelow(versions: readonly string[], major: number): boolean {
  // Releases from `major`.0 on, as far as any specifier in use reaches (`~=4.2.7` allows only 4.2.x).
  const later: string[] = [];
  for (let m = major; m <= major + 8; m++) for (let minor = 0; minor <= 20; minor++) later.push(`${m}.${minor}.0`, `${m}.${minor}.99`);
  return versions.some((spec) => {
    const range = asPep440(spec);
    if (range === undefined || range === '') return false;
    // The versions the specifier names itself, too: `==4.2.30` allows 4.2.30, which no sample above is.
    const named = [...range.matchAll(/\d+(?:\.\d+)*/g)].map((m) => m[0]).filter((v) => Number(v.split('.')[0]) >= major);
    return ![...later, ...named].some((version) => satisfies(version, range));
  });
}
