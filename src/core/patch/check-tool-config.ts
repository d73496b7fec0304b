import type { PatchViolation } from '../contracts/index.js';
import { matchesGlob } from './match-paths.js';
import type { EffectivePatchPolicy } from './patch-policy.js';

/** Directories an AI tool reads its configuration from (Claude Code's `.claude/`, Codex's `.codex/`), at any depth. */
const CONFIG_DIRS = new Set(['.claude', '.codex']);
/** Files an AI tool reads as its configuration: Claude's MCP servers, aider's config, model settings and `.env`. */
const CONFIG_FILES = new Set(['.mcp.json', '.aider.conf.yml', '.aider.model.settings.yml', '.aider.model.metadata.json', '.env']);

/** Whether `path` configures an AI tool: a file in `.claude/` or `.codex/`, or one of CONFIG_FILES, at any depth. */
export function isToolConfigPath(path: string): boolean {
  const segments = path.toLowerCase().split('/');
  return segments.some((s, i) => CONFIG_DIRS.has(s) || (i === segments.length - 1 && CONFIG_FILES.has(s)));
}

/** An allowed_paths pattern that names tool configuration itself (`.claude/**`, `.env`), not through a wildcard. */
function namesToolConfig(glob: string): boolean {
  const literal = glob.replace(/\/\*\*?$/, '');
  return !/[*?[\]{}!]/.test(literal) && isToolConfigPath(literal);
}

/**
 * A patch may not write a file that configures an AI tool (Claude Code's `.claude/` settings, hooks and env, `.mcp.json`,
 * Codex's `.codex/`, aider's `.aider.conf.yml` and model settings, `.env`): a step could arm the next one with it. A
 * bundle opts in by naming the file or its directory in the policy's allowed_paths (`.claude/**`, `.env`), not
 * through a wildcard such as `**`. Pure.
 */
export function checkToolConfig(path: string, policy: Pick<EffectivePatchPolicy, 'allowed_paths'>): PatchViolation[] {
  if (!isToolConfigPath(path)) return [];
  if (policy.allowed_paths?.some((g) => namesToolConfig(g) && matchesGlob(g, path))) return [];
  return [
    {
      rule: 'tool_config',
      path,
      message: "files that configure an AI tool (.claude/, .codex/, .mcp.json, .aider.conf.yml, .env) are forbidden unless the policy's allowed_paths names them",
    },
  ];
}
