import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);

describe('uet runs', () => {
  it('lists the other runs when one log is corrupt, reports that one like validate does, and exits 2', async () => {
    const dir = await createTempRepo();
    const bundle = join(await makeTempDir('uet-runs-'), 'bundle.yaml');
    writeFileSync(bundle, 'bundle_id: r\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, context: {command: "true"}}\n');
    for (let i = 0; i < 2; i++) expect((await runUet(['run', bundle, '--repo', dir])).code).toBe(0);
    const [good, bad] = readdirSync(join(dir, '.uet/runs')).sort();
    const file = join(dir, '.uet/runs', bad!, 'events.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = 'garbage';
    writeFileSync(file, lines.join('\n'));

    const r = await runUet(['runs', '--repo', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`${good} +succeeded`));
    expect(r.stdout).not.toContain(bad);
    expect(r.stderr).toBe(`uet: ${file}: line 2: not a valid event, and it is not the last line: the log is corrupt (restore it, or cut it before this line)\n`);
    const json = await runUet(['runs', '--repo', dir, '--json']);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { run_id: string }[]).map((x) => x.run_id)).toEqual([good]);
  });
});
