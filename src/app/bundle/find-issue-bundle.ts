/** Where an issue says its bundle is: inline (a fenced yaml or json block) or a repository path. */
export type IssueBundle =
  | { kind: 'inline'; format: 'yaml' | 'json'; text: string }
  | { kind: 'path'; path: string }
  | { kind: 'none' };

const PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/]+$/;

/** Finds the bundle of a labelled issue: the first ```yaml / ```json block, else a `bundle: <path>` line. Pure. */
export function findIssueBundle(body: string | null | undefined): IssueBundle {
  const text = (body ?? '').replace(/\r\n/g, '\n');
  const fence = /^(```|~~~)[ \t]*(ya?ml|json)[ \t]*\n([\s\S]*?)\n\1[ \t]*$/im.exec(text);
  if (fence)
    return { kind: 'inline', format: fence[2]!.toLowerCase() === 'json' ? 'json' : 'yaml', text: fence[3]! };
  const line = /^[ \t]*bundle:[ \t]*`?([^\s`]+)`?[ \t]*$/im.exec(text);
  if (line && PATH.test(line[1]!)) return { kind: 'path', path: line[1]! };
  return { kind: 'none' };
}
