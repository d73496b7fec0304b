import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildToolEnv, buildToolProcessEnv, claudeAdapter, codexAdapter, type ToolAdapter, type ToolResult } from '../../src/adapters/tools/index.js';
import { fakeToolInput } from '../adapters/tools/fake-tool-input.js';
import { makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import {
  claudeWrites,
  codexAddFiles,
  codexApplyPatch,
  toolsThenReply,
} from '../support/model-stand-in/index.js';
import { useModelStandIns } from '../support/model-stand-in/use-model-stand-ins.js';
import { realClisOrSkip } from '../support/real-clis.js';

const clis = realClisOrSkip();
const standIn = useModelStandIns();
afterAll(removeTempDirs);

/**
 * One step of `adapter` with the real CLI, UET's environment being `uetEnv` (the user's shell): the adapter takes
 * its own variables from it, as the executor does, and nothing else.
 */
async function runWith(adapter: ToolAdapter, uetEnv: Record<string, string>): Promise<ToolResult> {
  const base = await fakeToolInput(adapter);
  const home = await makeTempDir('uet-cred-home-');
  const clean = buildToolEnv(
    { PATH: `${clis.bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home },
    { runId: 'r1', attempt: 1, stepId: 's1', worktree: base.worktree },
  );
  return adapter.run({ ...base.input, timeoutMs: 90_000, env: buildToolProcessEnv(clean, uetEnv, adapter.envPassThrough) });
}

describe.skipIf(clis.bin === undefined)('credentials and networks users have reach the real tool (issue 13 item 4)', { timeout: 120_000 }, () => {
  it('a Claude subscription token (CLAUDE_CODE_OAUTH_TOKEN, no API key) is used: no "Not logged in"', async () => {
    const s = await standIn(toolsThenReply(claudeWrites({ 'x.txt': 'x\n' })));
    const token = 'sk-ant-oat01-standin-0123456789abcdef';
    const r = await runWith(claudeAdapter, { CLAUDE_CODE_OAUTH_TOKEN: token, ANTHROPIC_BASE_URL: s.url, OPENAI_API_KEY: 'not-for-claude' });
    expect(r.errorClass, r.message).toBeUndefined();
    expect(s.modelRequests()[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('Amazon Bedrock: the switch, the endpoint and the AWS credentials reach Claude, which signs its request with them', async () => {
    const s = await standIn();
    await runWith(claudeAdapter, {
      CLAUDE_CODE_USE_BEDROCK: '1',
      ANTHROPIC_BEDROCK_BASE_URL: s.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIASTANDIN000000000',
      AWS_SECRET_ACCESS_KEY: 'standin-secret-0123456789abcdef',
    });
    const signed = s.requests.find((q) => /^\/model\//.test(q.url));
    expect(signed, JSON.stringify(s.requests.map((q) => q.url))).toBeDefined();
    expect(String(signed!.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIASTANDIN000000000\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
  });

  it('Claude goes through the proxy of HTTP_PROXY (the endpoint itself is unreachable)', async () => {
    const proxy = await standIn(toolsThenReply(claudeWrites({ 'x.txt': 'x\n' })));
    const r = await runWith(claudeAdapter, { ANTHROPIC_API_KEY: 'sk-ant-standin-0123456789', ANTHROPIC_BASE_URL: 'http://model.invalid', HTTP_PROXY: proxy.url });
    expect(r.errorClass, r.message).toBeUndefined();
    expect(proxy.modelRequests()[0]!.url).toBe('http://model.invalid/v1/messages?beta=true'); // absolute form: a proxy request
  });

  it('Codex goes through the proxy of HTTP_PROXY (the endpoint itself is unreachable)', async () => {
    const proxy = await standIn(toolsThenReply(() => [codexApplyPatch(codexAddFiles({ 'x.txt': 'x\n' }))]));
    const r = await runWith(codexAdapter, { OPENAI_API_KEY: 'sk-openai-standin-0123456789', OPENAI_BASE_URL: 'http://model.invalid/v1', HTTP_PROXY: proxy.url });
    expect(r.errorClass, `${r.message}\n${r.outputTail}`).toBeUndefined();
    expect(proxy.modelRequests()[0]!.url).toBe('http://model.invalid/v1/responses');
  });

  it("each tool gets only its own credentials: Claude no OpenAI key, Codex no Anthropic key, neither GitHub's token", async () => {
    const s = await standIn(toolsThenReply(claudeWrites({ 'x.txt': 'x\n' })));
    const uetEnv = { ANTHROPIC_API_KEY: 'sk-ant-standin-0123456789', ANTHROPIC_BASE_URL: s.url, OPENAI_API_KEY: 'sk-openai-x', GITHUB_TOKEN: 'ghp_x', AWS_SECRET_ACCESS_KEY: 'aws-x' };
    const claudeEnv = buildToolProcessEnv({}, uetEnv, claudeAdapter.envPassThrough);
    const codexEnv = buildToolProcessEnv({}, uetEnv, codexAdapter.envPassThrough);
    expect(Object.keys(claudeEnv).sort()).toEqual(['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'AWS_SECRET_ACCESS_KEY']); // Bedrock's
    expect(Object.keys(codexEnv).sort()).toEqual(['OPENAI_API_KEY']);
  });
});
