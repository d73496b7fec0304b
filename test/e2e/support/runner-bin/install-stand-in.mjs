// npm and pipx on the simulated runner. There is no registry here, so an install of an AI tool puts the fake CLI
// (test/fixtures/fake-tools), or with UET_SIM_REAL_TOOLS the real claude or codex of that directory (pinned, from
// scripts/install-real-clis.sh), where the real install would put the real one: <prefix>/node_modules/.bin for
// `npm install --prefix`, ~/.local/bin for `npm install --global` and `pipx install`. What the real client would
// do first is not faked: npm's effective registry is asked of the real npm (`npm config get registry`, with the
// same --prefix and --registry, in the same directory, so a repository's .npmrc counts exactly as it would), and
// an install from anywhere but the public registry fails as an attack would need it to succeed. Each install is
// recorded (UET_SIM_TOOL_INSTALLS): the client, argv, cwd, the registry, and whether every package is pinned.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE_TOOLS = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/fake-tools');
const ENV_WALK = join(dirname(fileURLToPath(import.meta.url)), '../attack/env-walk.mjs');
const BINS = { '@anthropic-ai/claude-code': 'claude', '@openai/codex': 'codex', 'aider-chat': 'aider' };
const [client, command, ...args] = process.argv.slice(2);
const home = process.env.HOME ?? '/tmp';

const option = (name) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
};
const packages = args.filter((a, i) => !a.startsWith('-') && !['--prefix', '--registry', '--index-url'].includes(args[i - 1] ?? ''));
const parsed = packages.map((p) => {
  const m = client === 'npm' ? /^(@?[^@]+)(?:@(.+))?$/.exec(p) : /^([^=<>~!]+)(?:==(.+))?$/.exec(p);
  return { name: m?.[1] ?? p, version: m?.[2] };
});

let registry;
if (client === 'npm') {
  const npm = join(dirname(process.execPath), 'npm');
  const flags = [...(option('--prefix') ? ['--prefix', option('--prefix')] : []), ...(option('--registry') ? ['--registry', option('--registry')] : [])];
  registry = execFileSync(npm, ['config', 'get', 'registry', ...flags], { encoding: 'utf8', cwd: process.cwd() }).trim();
} else registry = option('--index-url') ?? 'https://pypi.org/simple/';

const record = { client, command, args, cwd: process.cwd(), registry, pinned: parsed.every((p) => p.version !== undefined && /^\d+\.\d+\.\d+$/.test(p.version)) };
if (process.env.UET_SIM_TOOL_INSTALLS) appendFileSync(process.env.UET_SIM_TOOL_INSTALLS, `${JSON.stringify(record)}\n`);
if (command !== 'install') {
  process.stderr.write(`${client} ${command}: the simulated runner only installs\n`);
  process.exit(1);
}
const official = client === 'npm' ? /^https:\/\/registry\.npmjs\.org\/?$/ : /^https:\/\/pypi\.org\/simple\/?$/;
if (!official.test(registry)) {
  process.stderr.write(`${client} error: would fetch ${packages.join(' ')} from ${registry}\n`);
  process.exit(1);
}
const binDir = client === 'npm' && option('--prefix') ? join(option('--prefix'), 'node_modules/.bin') : join(home, '.local/bin');
mkdirSync(binDir, { recursive: true });
for (const p of parsed) {
  const bin = BINS[p.name];
  if (!bin) continue;
  rmSync(join(binDir, bin), { force: true });
  // With a record, the tool first records what it can see (its environment and its ancestors'), then runs, and
  // records its argv and the prompt it got (FAKE_TOOL_RECORD) in tool-prompts.jsonl beside the install record.
  const log = process.env.UET_SIM_TOOL_INSTALLS;
  const real = process.env.UET_SIM_REAL_TOOLS;
  if (real && bin !== 'aider') {
    const pinned = { claude: '2.1.328', codex: '0.169.0' }[bin]; // test/support/real-clis.ts
    if (p.version !== pinned) {
      process.stderr.write(`npm error: the simulated runner has ${p.name}@${pinned} only, not ${p.version ?? 'latest'}\n`);
      process.exit(1);
    }
    symlinkSync(join(real, bin), join(binDir, bin));
    process.stdout.write(`added ${p.name}@${p.version} (the real ${bin})\n`);
    continue;
  }
  if (log) writeFileSync(join(binDir, bin), `#!/bin/sh\nnode '${ENV_WALK}' "${dirname(log)}/${bin}-$$.json" >/dev/null 2>&1 || true\nFAKE_TOOL_RECORD='${dirname(log)}/tool-prompts.jsonl' exec '${join(FAKE_TOOLS, bin)}' "$@"\n`, { mode: 0o755 });
  else symlinkSync(join(FAKE_TOOLS, bin), join(binDir, bin));
  process.stdout.write(`added ${p.name}@${p.version ?? 'latest'} (the fake ${bin})\n`);
}
