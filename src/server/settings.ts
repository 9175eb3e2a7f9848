/**
 * The `unblock` settings section as a client sends it (workspace/configuration,
 * or initializationOptions.settings for clients without it), and the engine
 * settings it makes. Unset keys let `.unblock.json` decide.
 */
import * as path from 'path';
import type { Scope } from '../core/model';
import type { SeverityOverrides } from '../core/severity';
import type { EngineSettings } from './engine/protocol';

export const SECTION = 'unblock';

export interface ServerSettings {
  enable?: { python?: boolean; javascript?: boolean };
  scope?: Scope;
  severity?: SeverityOverrides;
  ignore?: string[];
  disable?: string[];
  rulesFile?: string;
  maxChainDepth?: number;
  includeTests?: boolean;
  codeLens?: { enabled?: boolean };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** Keeps the keys we know with the types we expect; also reads flat `enable.python`-style keys. */
export function parseSettings(raw: unknown): ServerSettings {
  if (!isRecord(raw)) return {};
  const get = (key: string): unknown => {
    if (key in raw) return raw[key];
    const [head, tail] = key.split('.');
    return tail && isRecord(raw[head]) ? (raw[head] as Record<string, unknown>)[tail] : undefined;
  };
  const scope = get('scope');
  const depth = get('maxChainDepth');
  return {
    enable: { python: bool(get('enable.python')), javascript: bool(get('enable.javascript')) },
    scope: scope === 'handlers' || scope === 'async' || scope === 'all' ? scope : undefined,
    severity: isRecord(get('severity')) ? (get('severity') as SeverityOverrides) : undefined,
    ignore: strings(get('ignore')),
    disable: strings(get('disable')),
    rulesFile: typeof get('rulesFile') === 'string' ? (get('rulesFile') as string) : undefined,
    maxChainDepth: typeof depth === 'number' && Number.isInteger(depth) && depth >= 1 && depth <= 64 ? depth : undefined,
    includeTests: bool(get('includeTests')),
    codeLens: { enabled: bool(get('codeLens.enabled')) },
  };
}

/** Project rules (`.unblock.json` rules, `rulesFile`) are code-like input: only when the client says the workspace is trusted. */
export function engineSettings(roots: string[], settings: ServerSettings, trusted: boolean, cacheDir?: string): EngineSettings {
  const rulesFile = settings.rulesFile?.trim();
  const ruleFiles = trusted && rulesFile ? [path.isAbsolute(rulesFile) || !roots[0] ? rulesFile : path.join(roots[0], rulesFile)] : [];
  return {
    roots,
    scope: settings.scope,
    maxDepth: settings.maxChainDepth,
    includeTests: settings.includeTests,
    severity: settings.severity ?? {},
    disabledRules: settings.disable ?? [],
    ignore: settings.ignore ?? [],
    ruleFiles,
    trusted,
    ...(cacheDir ? { cacheDir } : {}),
  };
}

export function languageEnabled(settings: ServerSettings, language: 'python' | 'javascript'): boolean {
  return settings.enable?.[language] ?? true;
}

export function codeLensEnabled(settings: ServerSettings): boolean {
  return settings.codeLens?.enabled ?? true;
}
