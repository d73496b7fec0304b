import type { BootstrapDiscovery } from '../contracts/index.js';

/**
 * The executables a UET step can count on in the generated workflow's `execute` job, where the baseline's gates
 * run: what GitHub's `ubuntu-latest` image (Ubuntu 24.04) has on PATH, from its software list
 * (actions/runner-images, images/ubuntu/Ubuntu2404-Readme.md: Language and Runtime, Package Management, Project
 * Management, Tools), and what the workflow installs (Node from setup-node, the AI tools). Onboarding plans on the
 * app's host, whose PATH says nothing about the runner, so bootstrap's "is this gate runnable" check uses this
 * list instead; a project's own tools (pytest, ruff, eslint...) count through its configuration, as locally.
 */
export const RUNNER_EXECUTABLES: ReadonlySet<string> = new Set<string>([
  // Language and runtime
  'bash',
  'sh',
  'dash',
  'clang',
  'gcc',
  'g++',
  'gfortran',
  'julia',
  'kotlin',
  'node',
  'perl',
  'python',
  'python3',
  'ruby',
  'swift',
  'go',
  'cargo',
  'rustc',
  'rustup',
  'java',
  'javac',
  'dotnet',
  'php',
  'composer',
  // Package and project management
  'npm',
  'npx',
  'yarn',
  'pip',
  'pip3',
  'pipx',
  'gem',
  'bundle',
  'helm',
  'ant',
  'gradle',
  'lerna',
  'mvn',
  'conda',
  // Tools
  'ansible',
  'ansible-playbook',
  'bazel',
  'bazelisk',
  'cmake',
  'make',
  'docker',
  'git',
  'jq',
  'kind',
  'kubectl',
  'kustomize',
  'curl',
  'wget',
  'zip',
  'unzip',
  'tar',
  'shellcheck',
  'yamllint',
  // Coreutils the checks use
  'cat',
  'cp',
  'mv',
  'rm',
  'mkdir',
  'ls',
  'find',
  'grep',
  'sed',
  'awk',
  'xargs',
  'env',
  'diff',
  'sort',
  'head',
  'tail',
  'wc',
  // Installed by the generated workflow
  'claude',
  'codex',
  'aider',
]);

/**
 * The runner's executables for one project: RUNNER_EXECUTABLES, plus Terraform when the generated workflow sets it
 * up (hashicorp/setup-terraform, for a project where Terraform was found; build-workflow.ts). Pure.
 */
export function runnerExecutables(discovery: Pick<BootstrapDiscovery, 'frameworks'>): ReadonlySet<string> {
  return discovery.frameworks.some((f) => f.name === 'terraform')
    ? new Set([...RUNNER_EXECUTABLES, 'terraform'])
    : RUNNER_EXECUTABLES;
}
