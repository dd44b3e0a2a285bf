/**
 * Rules read from the source, not from a build: the console never parses server text as HTML,
 * and the participant page never imports the console.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(WEB, 'src');
const CONSOLE = join(SRC, 'console');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The relative imports of a module, resolved to files (import, export … from, import()). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/import\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolveModule(dirname(file), s));
}

function resolveModule(from: string, specifier: string): string {
  const base = resolve(from, specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return base;
}

/** Every module reachable from the roots by relative imports. */
function reachable(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (file.endsWith('.ts')) todo.push(...importsOf(file));
  }
  return seen;
}

describe('the console never puts text into the page as HTML', () => {
  const forbidden = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(ln)?|createContextualFragment|DOMParser|srcdoc)\b/;

  it('no file under src/console uses innerHTML, outerHTML, insertAdjacentHTML, document.write or other HTML parsing', () => {
    const files = filesUnder(CONSOLE);
    expect(files.filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(10);
    const offending = files.flatMap((file) => readFileSync(file, 'utf8').split('\n')
      .map((text, i) => `${relative(WEB, file)}:${i + 1}: ${text.trim()}`)
      .filter((line) => forbidden.test(line.slice(line.indexOf(': ') + 2))));
    expect(offending).toEqual([]);
  });

  it('the scan would catch the participant page, which renders server-sanitized HTML on purpose', () => {
    const screens = readFileSync(join(SRC, 'participant', 'screens.ts'), 'utf8');
    expect(forbidden.test(screens)).toBe(true);
  });
});

describe('the participant page does not load the console', () => {
  const participantRoots = [
    join(SRC, 'main.ts'),
    ...filesUnder(join(SRC, 'participant')),
    ...filesUnder(join(SRC, 'plugins')),
  ];

  it('no participant module imports from src/console, directly or through another module', () => {
    const fromConsole = [...reachable(participantRoots)]
      .filter((f) => f.startsWith(`${CONSOLE}/`))
      .map((f) => relative(WEB, f));
    expect(fromConsole).toEqual([]);
  });

  it('the check follows imports (it finds the console from the console entry)', () => {
    const reached = [...reachable([join(CONSOLE, 'main.ts')])].map((f) => relative(WEB, f));
    expect(reached).toContain('src/console/app.ts');
    expect(reached).toContain('src/console/zip.ts');
  });

  it('index.html loads only the participant entry, console.html only the console entry', () => {
    const scripts = (html: string) => [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts(readFileSync(join(WEB, 'index.html'), 'utf8'))).toEqual(['/src/main.ts']);
    expect(scripts(readFileSync(join(WEB, 'console.html'), 'utf8'))).toEqual(['/src/console/main.ts']);
  });
});
