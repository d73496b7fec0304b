/** A cap on the requests one piece of work may make; each request takes one before it is sent. */
export interface RequestBudget {
  readonly limit: number;
  /** Requests taken so far. */
  readonly used: number;
  /** Takes one request: false (and nothing taken) when the budget is spent. */
  take(): boolean;
  /** Requests left. */
  left(): number;
}

export function createRequestBudget(limit: number): RequestBudget {
  let used = 0;
  return {
    limit,
    get used() {
      return used;
    },
    take: () => (used < limit ? (used++, true) : false),
    left: () => limit - used,
  };
}
