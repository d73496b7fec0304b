import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname } from 'node:path';
import type { SimState } from './sim-state.js';

/**
 * Git over smart HTTP, as github.com serves `https://github.com/<owner>/<repo>.git`: `git http-backend` (git's own
 * CGI) in front of the simulated repository, behind GitHub's authorization. A job's GITHUB_TOKEN comes as HTTP basic
 * auth (`x-access-token:<token>`, the extra header actions/checkout and the UET action set); a fetch needs any
 * known token, a push (git-receive-pack) one whose job was granted `contents: write`, else 403 as GitHub answers.
 * The push rules' hook learns the grant from the server (UET_SIM_CONTENTS in the CGI environment), never from
 * the pusher.
 */
export function createGitHttp(state: SimState): { matches(url: string): boolean; handle(req: IncomingMessage, res: ServerResponse): void } {
  const prefix = `/${state.fullName}.git/`;
  const deny = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...(status === 401 ? { 'www-authenticate': 'Basic realm="GitHub"' } : {}) });
    res.end(`${message}\n`);
  };
  return {
    matches: (url) => url.startsWith(prefix),
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://sim');
      const basic = /^basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const token = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
      const actor = token !== undefined ? state.tokens.get(token) : undefined;
      if (!actor) return deny(res, 401, 'Invalid username or token. Password authentication is not supported for Git operations.');
      const contents = actor === 'app' ? 'write' : (state.tokenPermissions.get(token!)?.contents ?? 'none');
      if (contents === 'none') return deny(res, 403, `remote: Permission to ${state.fullName}.git denied to github-actions[bot].`);
      const push = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
      if (push && contents !== 'write') return deny(res, 403, `remote: Permission to ${state.fullName}.git denied to github-actions[bot].`);
      const dir = state.git.dir;
      const child = spawn('git', ['http-backend'], {
        env: {
          PATH: process.env.PATH ?? '',
          GIT_PROJECT_ROOT: dirname(dir),
          GIT_HTTP_EXPORT_ALL: '1',
          PATH_INFO: `/${basename(dir)}/${url.pathname.slice(prefix.length)}`,
          QUERY_STRING: url.search.slice(1),
          REQUEST_METHOD: req.method ?? 'GET',
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
          ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
          REMOTE_USER: 'x-access-token',
          REMOTE_ADDR: '127.0.0.1',
          UET_SIM_CONTENTS: contents,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      req.pipe(child.stdin);
      let head = Buffer.alloc(0);
      let started = false;
      child.stdout.on('data', (chunk: Buffer) => {
        if (started) return void res.write(chunk);
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        started = true;
        const headers: Record<string, string> = {};
        let status = 200;
        for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
          const i = line.indexOf(':');
          const [k, v] = [line.slice(0, i).trim(), line.slice(i + 1).trim()];
          if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
          else headers[k] = v;
        }
        res.writeHead(status, headers);
        res.write(head.subarray(end + 4));
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => {
        if (!started) deny(res, 500, `git http-backend failed (${code}): ${stderr}`);
        else res.end();
      });
    },
  };
}
