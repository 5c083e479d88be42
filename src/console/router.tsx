import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** History-API routes under /console/; the server answers every such path with index.html. */
export const BASE = '/console';

export function navigate(path: string): void {
  history.pushState(null, '', BASE + path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The path below /console, e.g. `/recordings/123`. */
export function usePath(): string {
  const read = () => location.pathname.slice(BASE.length).replace(/\/+$/, '') || '/';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const update = () => setPath(read());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}

/** A link that routes in-page on a plain click and behaves as a normal link otherwise (new tab, copy). */
export function Link(props: { to: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' }) {
  return (
    <a
      href={BASE + props.to}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
