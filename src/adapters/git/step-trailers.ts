/** The commit message of a step's change: a subject line, a blank line, and the UET trailers. */
export interface StepTrailers {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
}

export function buildStepMessage(subject: string, t: StepTrailers): string {
  const line =
    subject
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? t.stepId;
  return `${line}\n\nUET-Run: ${t.runId}\nUET-Step: ${t.stepId}\nUET-Attempt: ${t.attempt}\n`;
}
