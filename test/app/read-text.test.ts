import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { RAW_MEDIA_TYPE, readText } from '../../src/adapters/github/read-text.js';

afterEach(() => nock.cleanAll());

const client = () =>
  new (ProbotOctokit.defaults((o: object) => ({
    ...o,
    throttle: { enabled: false },
    retry: { enabled: false },
  })))({ auth: 'token test' });

describe('readText', () => {
  it('asks for the raw media type as GitHub documents it for the contents API', async () => {
    // The REST description's content types of GET /repos/{owner}/{repo}/contents/{path}.
    expect(RAW_MEDIA_TYPE).toBe('application/vnd.github.raw+json');
    nock.disableNetConnect();
    const scope = nock('https://api.github.com', { reqheaders: { accept: RAW_MEDIA_TYPE } })
      .get('/repos/o/r/contents/uet%2Fbundle.yaml')
      .query({ ref: 'abc' })
      .reply(200, 'bundle_id: x\n', { 'content-type': 'application/vnd.github.raw+json; charset=utf-8' })
      .get('/repos/o/r/contents/missing.yaml')
      .reply(404, { message: 'Not Found' });
    expect(await readText(client(), { owner: 'o', repo: 'r' }, 'uet/bundle.yaml', 'abc')).toBe('bundle_id: x\n');
    expect(await readText(client(), { owner: 'o', repo: 'r' }, 'missing.yaml')).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
