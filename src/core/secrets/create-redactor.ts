import { isCredentialName } from './credential-names.js';

/** A secret UET knows: the value of a credential variable of its own environment. */
export interface KnownSecret {
  readonly name: string;
  readonly value: string;
}

export interface Redactor {
  readonly secrets: readonly KnownSecret[];
  /** The text with every known secret, and its common encodings, replaced by `[redacted NAME]` (`[redacted]` for a nameless one). */
  redact(text: string): string;
  /** The names of the secrets the text contains (raw or encoded), each once. */
  find(text: string): string[];
  /** Where the text holds a secret: [start, end) of each match, left to right, not overlapping. */
  spans(text: string): [number, number][];
  /** Every string inside a JSON-like value redacted (object keys too); other values as they are. */
  redactDeep<T>(value: T): T;
  /** The longest form of a secret, less one: what a stream must hold back so that no secret is cut in two. */
  readonly holdBack: number;
}

/** Shorter values are not treated as secrets: redacting "true" or a port number would wreck every log. */
export const MIN_SECRET_LENGTH = 8;

/** The credential variables of an environment, with their values (long enough to be secrets), first name first. */
export function findSecretValues(env: Readonly<Record<string, string | undefined>>): KnownSecret[] {
  return Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1].length >= MIN_SECRET_LENGTH && isCredentialName(e[0]))
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

const utf8 = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The base64 text of the value wherever it sits in a larger base64 text: for each of the three byte alignments, the
 * characters that depend on the value's bytes alone (an `Authorization: basic` header, a token in a JSON file
 * encoded whole). Standard and URL-safe alphabets.
 */
function base64Forms(value: string): string[] {
  const bytes = utf8.encode(value);
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const padded = new Uint8Array(k + bytes.length);
    padded.set(bytes, k);
    const all = base64(padded);
    const inner = all.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (inner.length >= MIN_SECRET_LENGTH) out.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** The value as it appears raw, URL-encoded, JSON-escaped and base64-encoded. */
function formsOf(value: string): string[] {
  const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), ...base64Forms(value)];
  return [...new Set(forms)];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A redactor for the given secrets (their values and the common encodings of them). Pure: the caller says what the
 * secrets are (findSecretValues of UET's own environment, at an entry point).
 */
export function createRedactor(secrets: readonly (KnownSecret | string)[]): Redactor {
  const known = secrets
    .map((s) => (typeof s === 'string' ? { name: '', value: s } : s))
    .filter((s) => s.value.length >= MIN_SECRET_LENGTH);
  const byForm = new Map<string, string>();
  for (const s of known) for (const f of formsOf(s.value)) if (!byForm.has(f)) byForm.set(f, s.name);
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length);
  const pattern = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : null;
  const marker = (m: string) => (byForm.get(m) ? `[redacted ${byForm.get(m)}]` : '[redacted]');
  const redact = (text: string) => (pattern && text.length >= MIN_SECRET_LENGTH ? text.replace(pattern, marker) : text);
  const redactDeep = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(redactDeep);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v)]));
    return value;
  };
  return {
    secrets: known,
    redact,
    find: (text) => (pattern ? [...new Set([...text.matchAll(pattern)].map((m) => byForm.get(m[0]) ?? 'secret'))] : []),
    spans: (text) => (pattern ? [...text.matchAll(pattern)].map((m): [number, number] => [m.index, m.index + m[0].length]) : []),
    redactDeep: <T>(value: T) => (pattern ? (redactDeep(value) as T) : value),
    holdBack: Math.max(0, ...forms.map((f) => f.length - 1)),
  };
}

export interface StreamRedactor {
  /** Takes the next piece of a stream; returns what can be written out, redacted. */
  push(chunk: string): string;
  /** The rest, redacted, at the end of the stream. */
  end(): string;
}

/**
 * Redacts a stream that arrives in pieces (a process's output): holds back as much of the end as a secret could span,
 * so that a secret cut between two pieces is still found; a match that starts before the cut waits whole.
 */
export function createStreamRedactor(r: Redactor): StreamRedactor {
  let pending = '';
  return {
    push(chunk) {
      if (!r.secrets.length) return chunk;
      pending += chunk;
      // A secret that starts before the cut ends within `pending` (the cut leaves holdBack characters after it);
      // one that crosses the cut waits whole for the next piece.
      let cut = Math.max(0, pending.length - r.holdBack);
      for (const [start, end] of r.spans(pending).reverse()) if (start < cut && end > cut) cut = start;
      const out = r.redact(pending.slice(0, cut));
      pending = pending.slice(cut);
      return out;
    },
    end() {
      const out = r.redact(pending);
      pending = '';
      return out;
    },
  };
}
