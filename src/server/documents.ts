/** What the engine calls an editor document: its path, or a fake path under VIRTUAL_ROOT for untitled ones. */
import { fileURLToPath, pathToFileURL } from 'url';
import { VIRTUAL_ROOT } from './engine/protocol';

const EXTENSION_FOR_LANGUAGE: Record<string, string> = {
  python: '.py',
  javascript: '.js',
  javascriptreact: '.jsx',
  typescript: '.ts',
  typescriptreact: '.tsx',
};

const JS_LANGUAGES: ReadonlySet<string> = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

/** The language a document is analysed as: its languageId, else its file extension (clients name languages differently). */
export function languageOf(uri: string, languageId: string): 'python' | 'javascript' | undefined {
  if (languageId === 'python') return 'python';
  if (JS_LANGUAGES.has(languageId)) return 'javascript';
  if (/\.py$/.test(uri)) return 'python';
  if (/\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/.test(uri)) return 'javascript';
  return undefined;
}

export interface EngineFile {
  file: string;
  virtual: boolean;
}

export function engineFile(uri: string, languageId: string): EngineFile {
  if (uri.startsWith('file:')) return { file: fileURLToPath(uri), virtual: false };
  const ext = EXTENSION_FOR_LANGUAGE[languageId] ?? (languageOf(uri, languageId) === 'javascript' ? '.js' : '.py');
  const safe = uri.replace(/^([a-z][\w+.-]*):\/*/i, '$1/').replace(/[^A-Za-z0-9_./-]/g, '_').replace(/\/+/g, '/');
  return { file: `${VIRTUAL_ROOT}/${safe}${safe.endsWith(ext) ? '' : ext}`, virtual: true };
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
