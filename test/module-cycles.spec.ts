import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const MODULES = path.resolve(__dirname, '../src/modules');

/** Edges between module folders (`src/modules/<name>`), from every import and `import type` of their non-test files. */
export function moduleGraph(root = MODULES): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(root).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.spec.ts'))) {
    const from = path.relative(root, file).split(path.sep)[0];
    const deps = graph.get(from) ?? new Set<string>();
    graph.set(from, deps);
    for (const imp of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!imp.fileName.startsWith('.')) continue;
      const target = path.relative(root, path.resolve(path.dirname(file), imp.fileName));
      const to = target.split(path.sep)[0];
      if (!target.startsWith('..') && to !== from) deps.add(to);
    }
  }
  return graph;
}

/** Every elementary cycle's first appearance, as a path `a → b → … → a` (empty when the graph is acyclic). */
export function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const visit = (node: string, trail: string[]) => {
    const at = trail.indexOf(node);
    if (at >= 0) {
      const loop = trail.slice(at);
      // One spelling per cycle, whichever node it was entered from.
      const start = loop.indexOf([...loop].sort()[0]);
      found.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(' → '));
      return;
    }
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...found].sort();
}

describe('module folders under src/modules', () => {
  it('import each other without cycles', () => {
    const graph = moduleGraph();
    expect(graph.size).toBeGreaterThan(10);
    expect(cycles(graph)).toEqual([]);
  });

  it('are checked by a detector that finds direct and longer cycles', () => {
    const g = new Map<string, Set<string>>([
      ['auth', new Set(['audit', 'tenants'])],
      ['audit', new Set(['crypto'])],
      ['crypto', new Set(['auth'])],
      ['tenants', new Set(['crypto'])],
      ['ingest', new Set(['recordings'])],
      ['recordings', new Set(['ingest'])],
    ]);
    expect(cycles(g)).toEqual([
      'audit → crypto → auth → audit',
      'auth → tenants → crypto → auth',
      'ingest → recordings → ingest',
    ]);
    expect(
      cycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });
});
