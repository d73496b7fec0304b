import { describe, expect, it } from 'vitest';
import { findInterpreter } from '../../../../src/core/bootstrap/languages/find-interpreter.js';
import { modelineMode } from '../../../../src/core/bootstrap/languages/find-modeline.js';

// Expected values come from Linguist 7.22.1 itself (Linguist::Shebang.interpreter, Modeline.modeline).
describe('findInterpreter (Linguist::Shebang.interpreter)', () => {
  it.each([
    ['#!/usr/bin/env python3\nx', 'python3'],
    ['#!/usr/bin/env node\n', 'node'],
    ['#!/usr/bin/env -S python3 -u\n', 'python3'],
    ['#!/usr/bin/python2.7\n', 'python2'],
    ['#! perl -w\n', 'perl'],
    ['#!/bin/sh\nexec tclsh "$0" "$@"\n', 'tclsh'],
    ['#!/usr/bin/env FOO=bar BAZ=1 ruby\n', 'ruby'],
    ['#!/usr/bin/env\n', undefined],
    ['#!\n', undefined],
    ['#!/usr/bin/osascript -l JavaScript\n', undefined],
    ['#!/usr/bin/osascript\n', 'osascript'],
    ['#!/usr/local/bin/bash -e\r\n', 'bash'],
    ['#!/usr/bin/env -vS  deno run\n', 'deno'],
    ['no shebang', undefined],
    ['#!/usr/bin/env --split-string=python3 x\n', 'x'],
    ['#!/usr/bin/env python3.11.2\n', 'python3.11'],
  ])('%j -> %s', (sample, expected) => {
    expect(findInterpreter(sample)).toBe(expected);
  });
});

describe('modelineMode (Linguist::Strategy::Modeline.modeline)', () => {
  it.each([
    ['// -*- C++ -*-\n', 'C++'],
    ['/* -*- mode: c++; indent-tabs-mode: nil -*- */', 'c++'],
    ['# -*- coding: utf-8 -*-\n', undefined],
    ['# vim: set ft=ruby:\n', 'ruby'],
    ['# vim: ft=python\n', 'python'],
    ['/* vim: set filetype=javascript : */', 'javascript'],
    ['# ex: set syntax=perl:\n', 'perl'],
    ['-*-mode:ruby-*-', 'ruby'],
    ['vim:noai:ft=sh:', 'sh'],
    [' vi: ts=4 ft=lua', 'lua'],
    ['lex: ft=c', undefined],
    ['# -*- Mode: Python; tab-width: 4 -*-', 'Python'],
  ])('%j -> %s', (text, expected) => {
    expect(modelineMode(text)).toBe(expected);
  });
});
