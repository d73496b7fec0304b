import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectLanguage,
  loadClassifier,
  type LanguageClassifier,
} from '../../../../src/core/bootstrap/languages/index.js';

const detect = (path: string, sample: string, classifier?: LanguageClassifier) =>
  detectLanguage({ path, size: sample.length, sample }, undefined, classifier);

// Expected languages are Linguist 7.22.1's own answers (Linguist.detect on the same path and content).
describe('detectLanguage (Linguist.detect strategies)', () => {
  let classifier: LanguageClassifier;
  beforeAll(async () => {
    classifier = await loadClassifier();
  });

  it.each([
    ['x.pl', 'my $x = 1;\nprint $x;\n', 'Perl', 'classifier'],
    ['x.tsx', '<div><span>a</span><p>b</p></div>\n', 'XML', 'classifier'],
    ['lib.h', '// -*- C++ -*-\nint f();\n', 'C++', 'modeline'],
    ['script', '# vim: set ft=ruby:\nputs 1\n', 'Ruby', 'modeline'],
    ['data.xml.in', '<?xml version="1.0"?>\n<a/>\n', 'XML', 'xml'],
    ['tool.1', '.TH TOOL 1\n.SH NAME\ntool\n', 'Roff Manpage', 'heuristics'],
    ['x.inc', '#declare Foo = 1;\n', 'POV-Ray SDL', 'heuristics'],
    ['x.inc', 'int x;\n', 'C++', 'classifier'],
    ['y.v', "fn main() {\n  println('hi')\n}\n", 'V', 'heuristics'],
    ['y.v', 'x\n', 'Verilog', 'classifier'],
    ['a.m', 'x = 1;\n', 'MATLAB', 'classifier'],
    ['a.h', 'int f(void);\n', 'C', 'heuristics'],
    ['Gemfile', "gem 'rails'\n", 'Ruby', 'filename'],
    ['CMakeLists.txt', 'project(x)\n', 'CMake', 'filename'],
    ['a.cs', 'using System;\nclass A {}\n', 'C#', 'classifier'],
    ['app.ts', '<TS version="2.1"></TS>\n', 'XML', 'heuristics'],
    ['app.mts', 'export const a = 1;\n', 'TypeScript', 'extension'],
    ['x.yml', 'a: 1\n', 'YAML', 'extension'],
    ['bin/tool', "#!/usr/bin/env python3\nprint('x')\n", 'Python', 'shebang'],
    ['gcc/i386.md', '(define_insn "x"\n  [(const_int 0)] "" "")\n', 'GCC Machine Description', 'heuristics'],
    ['guide.md', '# Title\n', 'Markdown', 'heuristics'],
    ['inc/page.inc', '<?php echo 1;\n', 'PHP', 'heuristics'],
    ['proof.v', 'Lemma a : True.\nProof. trivial. Qed.\n', 'Coq', 'heuristics'],
    ['page.tpl', '{$x}\n', 'Smarty', 'extension'],
    ['x.pl', 'parent(a, b).\nancestor(X, Y) :- parent(X, Y).\n', 'Prolog', 'heuristics'],
  ])('%s: %j is %s (%s)', (path, sample, language, strategy) => {
    const d = detect(path, sample, classifier);
    expect(d?.language.name).toBe(language);
    expect(d?.strategy).toBe(strategy);
  });

  it('finds no language for an unknown name without shebang or modeline', () => {
    expect(detect('README', 'hello\n', classifier)).toBeUndefined();
  });

  it('without the classifier, picks deterministically among the candidates it would have ranked', () => {
    // Primary extension first: .tsx is TSX's own extension, XML only lists it.
    expect(detect('x.tsx', '<div><span>a</span></div>\n')).toMatchObject({ strategy: 'classifier-fallback' });
    expect(detect('x.tsx', '<div><span>a</span></div>\n')?.language.name).toBe('TSX');
    // Perl and Prolog both own .pl; Perl is popular.
    expect(detect('x.pl', 'my $x = 1;\n')?.language.name).toBe('Perl');
    expect(detect('x.pl', 'my $x = 1;\n')?.candidates?.map((l) => l.name)).toEqual([
      'Perl',
      'Prolog',
      'Raku',
    ]);
  });

  it('does not read modelines or XML declarations past 1 MiB (not "viewable")', () => {
    const sample = '// -*- C++ -*-\nint f();\n';
    expect(detectLanguage({ path: 'lib.h', size: 2 * 1024 * 1024, sample })?.language.name).toBe('C');
  });
});
