import { describe, expect, it } from 'vitest';
import { createOnce } from '../../../src/adapters/github/create-once.js';

const failure = (status?: number) =>
  Object.assign(new Error(status ? `HTTP ${status}` : 'socket hang up'), status ? { status } : {});

describe('createOnce: a create that must not happen twice', () => {
  it('looks the result up after an ambiguous failure, and sends again only when the lookup finds nothing', async () => {
    const sent: string[] = [];
    let created: number | undefined;
    const answers = [failure(502), failure()];
    const create = () => {
      sent.push('create');
      const a = answers.shift();
      if (a) return Promise.reject(a);
      created = 42;
      return Promise.resolve(42);
    };
    const lookup = () => {
      sent.push('lookup');
      return Promise.resolve(created);
    };
    await expect(createOnce(create, lookup)).resolves.toBe(42);
    expect(sent).toEqual(['create', 'lookup', 'create', 'lookup', 'create']);
  });

  it('returns what the lookup finds when a lost answer hid a create that happened', async () => {
    let calls = 0;
    const result = await createOnce(
      () => {
        calls += 1;
        return Promise.reject(failure(504));
      },
      () => Promise.resolve(7),
    );
    expect([result, calls]).toEqual([7, 1]);
  });

  it('throws a refusal at once, and an ambiguous failure after three sends', async () => {
    await expect(
      createOnce(
        () => Promise.reject(failure(422)),
        () => Promise.resolve(1),
      ),
    ).rejects.toThrow('HTTP 422');
    let sends = 0;
    const lookups: number[] = [];
    await expect(
      createOnce(
        () => {
          sends += 1;
          return Promise.reject(failure(502));
        },
        () => {
          lookups.push(sends);
          return Promise.resolve(undefined);
        },
      ),
    ).rejects.toThrow('HTTP 502');
    expect([sends, lookups]).toEqual([3, [1, 2]]);
  });
});
