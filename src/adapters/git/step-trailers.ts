/** The commit message of a step's change: a subject line, a blank line, and the UET trailers. */
export interface StepTrailers {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  /** The step's patch (its ledger entry); resume finds the patch of an integrated commit by it. */
  readonly patchId?: string;
}

export function buildStepMessage(subject: string, t: StepTrailers): string {
  const line =
    subject
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? t.stepId;
  const patch = t.patchId !== undefined ? `UET-Patch: ${t.patchId}\n` : '';
  return `${line}\n\nUET-Run: ${t.runId}\nUET-Step: ${t.stepId}\n${patch}UET-Attempt: ${t.attempt}\n`;
}
