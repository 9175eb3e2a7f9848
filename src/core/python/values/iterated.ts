import iterated from './iterated.json';

const ELEMENTS: ReadonlyMap<string, string> = new Map(Object.entries(iterated.elements));

/** What iterating a library value gives, when `iterated.json` knows it: paths from `glob`/`iterdir`, threads from `threading.enumerate()`. */
export function iteratedElement(name: string): string | undefined {
  return ELEMENTS.get(name);
}
