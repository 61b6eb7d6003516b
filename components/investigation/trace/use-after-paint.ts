// A value shown only once the frame before it has been painted. useDeferredValue's catch-up render runs in
// the next task, usually before the browser paints: work deferred with it (the critical path, the page's first
// Intl.DateTimeFormat) still delays the first frame with the waterfall's rows. Here the value follows after
// an animation frame and a task, so the rows are on screen first.
import { useEffect, useState } from 'react';

export function useAfterPaint<T>(value: T, initial: T): T {
  const [shown, setShown] = useState<{ value: T } | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown({ value }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value]);
  return shown !== null && Object.is(shown.value, value) ? value : initial;
}
