import type { Access } from './access.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** The console's pages, in the order the menu shows them. */
const MENU = [
  ['/', 'Pipeline'],
  ['/dead-letters', 'Dead letters'],
  ['/articles', 'Articles'],
  ['/sources', 'Sources'],
  ['/queues', 'Queues'],
] as const;

export interface PageOptions {
  readonly title: string;
  /** The menu entry to mark as current. */
  readonly path: string;
  readonly access: Access;
  readonly body: HtmlValue;
  /** Scripts under /static/ this page needs (no inline script: the CSP forbids them). */
  readonly scripts?: readonly string[];
  readonly styles?: readonly string[];
  /** The URL to come back to after signing in. */
  readonly returnTo?: string;
}

/** A hidden form field with the page's CSRF token. */
export function csrfField(access: Access): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${access.csrfToken}" />`;
}

function accountBar(options: PageOptions): SafeHtml {
  const { access } = options;
  if (!access.writable)
    return html`<span class="badge muted" title="CONSOLE_TOKEN is not set">read-only</span>`;
  if (access.signedIn)
    return html`<form method="post" action="/logout" class="inline">
      ${csrfField(access)}<span class="badge ok">signed in</span>
      <button type="submit" class="link">sign out</button>
    </form>`;
  return html`<a href="/login?next=${encodeURIComponent(options.returnTo ?? options.path)}">sign in</a>`;
}

/** A whole page: the menu, the body, and the page's own scripts (served as files). */
export function renderPage(options: PageOptions): string {
  const current = (href: string): boolean =>
    href === '/' ? options.path === '/' : options.path === href || options.path.startsWith(`${href}/`);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · newsflow console</title>
        <link rel="stylesheet" href="/static/console.css" />
        ${(options.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        ${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <header>
          <a class="brand" href="/">newsflow</a>
          <nav>
            ${MENU.map(([href, label]) => html`<a href="${href}" ${current(href) ? html` aria-current="page"` : ''}>${label}</a>`)}
          </nav>
          <div class="account">${accountBar(options)}</div>
        </header>
        <main>${options.body}</main>
      </body>
    </html>`.value;
}
