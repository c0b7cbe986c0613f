import { useCallback, useState } from 'react';

/** The ids of the items with a request in flight (their controls are disabled meanwhile). */
export function useBusyIds() {
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const setBusy = useCallback(
    (id: string, busy: boolean) =>
      setBusyIds((current) => {
        const next = new Set(current);
        if (busy) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  return [busyIds, setBusy] as const;
}
