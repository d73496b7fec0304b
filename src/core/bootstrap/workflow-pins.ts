/**
 * What the generated UET workflow runs, pinned (ADR 0016, docs/bootstrap.md "Updating the pins"): each action by the
 * commit its release tag pointed at when it was pinned (a tag can be moved, a commit cannot), and each AI tool by
 * exact version, the versions the real-CLI tests run (scripts/install-real-clis.sh).
 */
export interface PinnedAction {
  readonly repo: string;
  readonly sha: string;
  readonly tag: string;
}

export const PINNED_ACTIONS = {
  checkout: { repo: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  setupNode: { repo: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' },
  setupPython: { repo: 'actions/setup-python', sha: '5fda3b95a4ea91299a34e894583c3862153e4b97', tag: 'v7.0.0' },
  setupTerraform: { repo: 'hashicorp/setup-terraform', sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e', tag: 'v4.0.1' },
  uploadArtifact: { repo: 'actions/upload-artifact', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', tag: 'v7.0.0' },
  downloadArtifact: { repo: 'actions/download-artifact', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', tag: 'v8.0.1' },
} as const satisfies Record<string, PinnedAction>;

/** The AI tools' exact versions: npm packages for claude and codex, the PyPI package for aider. */
export const PINNED_TOOLS = {
  claude: { package: '@anthropic-ai/claude-code', version: '2.1.328' },
  codex: { package: '@openai/codex', version: '0.169.0' },
  aider: { package: 'aider-chat', version: '0.86.2' },
} as const;

/** The Node.js the tool jobs run the CLIs on (Claude Code declares >= 22), and the one the sandbox offers the project. */
export const TOOL_NODE_VERSION = '22';
export const PROJECT_NODE_VERSION = '20';
export const PYTHON_VERSION = '3.12';

/** `owner/repo@<sha>`, for `uses:`; the tag goes in a comment beside it. */
export const usesOf = (a: PinnedAction): string => `${a.repo}@${a.sha}`;
