import { describe, expect, it } from 'vitest';
import { findUetSetup } from '../../../src/core/onboarding/find-uet-setup.js';

describe('findUetSetup', () => {
  it('finds the configuration and the workflow by their names', () => {
    expect(findUetSetup(['README.md'])).toEqual({ configured: false });
    expect(findUetSetup(['.github/uet.yml'])).toEqual({ configured: true });
    expect(findUetSetup(['.github/workflows/uet.yaml'])).toEqual({
      configured: false,
      workflow: '.github/workflows/uet.yaml',
    });
  });

  it('finds a workflow under another name by the UET action it uses, in the texts that were read', () => {
    const files = ['.github/workflows/ci.yml', '.github/workflows/agents.yml'];
    const texts = new Map([
      ['.github/workflows/ci.yml', 'jobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n'],
      [
        '.github/workflows/agents.yml',
        'jobs:\n  s:\n    steps:\n      - name: step\n        uses: my-fork/uet@v1\n',
      ],
    ]);
    expect(findUetSetup(files, texts)).toEqual({
      configured: false,
      workflow: '.github/workflows/agents.yml',
    });
    expect(findUetSetup(files, new Map([...texts].slice(0, 1)))).toEqual({ configured: false });
  });
});
