import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { repairNodeId } from '../../../src/core/bundle/index.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { bundleOf, runBundle } from '../../support/engine-harness.js';

const R1 = repairNodeId('WS', 'unit', 1);

function aiRepairBundle(): WorkstreamBundle {
  return bundleOf([{ id: 'a' }], {
    test_gates: [{ gate_id: 'unit', type: 'GATE_TEST', command: 'npm test', on_failure: { repair: { tool_profile_id: 'claude', instruction: 'Fix the code, not the tests.', max_attempts: 2 } } }],
  });
}

const gateUntil = (passOn: number) => (t: { attempt: number }) =>
  t.attempt >= passOn ? { passed: true, exitCode: 0 } : { passed: false, exitCode: 1, outputTail: `FAIL test/a.test.ts (gate attempt ${t.attempt})` };

describe('the prompt of a repair', () => {
  it("gives an AI repair the gate's command, exit code and output tail in its prompt, recorded by prompt_rendered", async () => {
    const prompts: string[] = [];
    const exec = createScriptedExecutor({
      gate: gateUntil(2),
      step: (t) => {
        if (t.node.id === R1) prompts.push(t.prompt?.instance.rendered_text ?? '');
        return { ok: true };
      },
    });
    const { state, events } = await runBundle(aiRepairBundle(), exec);
    expect(state.status).toBe('succeeded');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('Fix the code, not the tests.');
    expect(prompts[0]).toContain('`npm test` exited with 1');
    expect(prompts[0]).toContain('FAIL test/a.test.ts (gate attempt 1)');
    expect(prompts[0]).toContain('repair 1 of at most 2');
    expect(events.find((e) => e.type === 'prompt_rendered')).toMatchObject({ data: { step_id: R1, attempt: 1 } });
  });

});
