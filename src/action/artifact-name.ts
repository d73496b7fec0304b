/**
 * The name a job uploads its part of a node attempt under (`uet-<run>-<node>-<attempt>-<part>`): the tool job's
 * `tool` part and the sandbox's `attempt` part. actions/upload-artifact refuses `" : < > | * ? \r \n \ /` in a
 * name (@actions/artifact validateArtifactName), and a gate node id holds colons (`gate:<ws>:<gate>`), so every
 * character outside [A-Za-z0-9._-] becomes `_`. One workflow run holds one attempt, so the name is unique in it
 * however ids map. Computed here because GitHub expressions cannot replace characters. Pure.
 */
export function buildArtifactName(runId: string, nodeId: string, attempt: number, part: 'tool' | 'attempt'): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `uet-${safe(runId)}-${safe(nodeId)}-${attempt}-${part}`;
}
