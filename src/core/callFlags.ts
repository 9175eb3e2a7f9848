/** What a call site spreads in for its flags: each only when true (`CallSite.awaited` says why). */
type CallFlags = { awaited?: true; offloaded?: true };

const NONE: CallFlags = {};
const AWAITED: CallFlags = { awaited: true };
const OFFLOADED: CallFlags = { offloaded: true };
const BOTH: CallFlags = { awaited: true, offloaded: true };

export function callFlags(awaited: boolean, offloaded: boolean): CallFlags {
  if (awaited) return offloaded ? BOTH : AWAITED;
  return offloaded ? OFFLOADED : NONE;
}
