import type { Access } from '../access.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';

/** Sign-in form: the operator types CONSOLE_TOKEN once per session. */
export function loginBody(access: Access, next: string, problem?: string): SafeHtml {
  if (!access.writable)
    return html`<h1>Sign in</h1>
      <p>This console is read-only: it was started without <code>CONSOLE_TOKEN</code>.</p>`;
  return html`<h1>Sign in</h1>
    ${problem === undefined ? '' : html`<p class="badge bad" id="login-problem">${problem}</p>`}
    <form method="post" action="/login" class="login">
      ${csrfField(access)}
      <input type="hidden" name="next" value="${next}" />
      <label
        >console token
        <input type="password" name="token" id="token" autocomplete="current-password" required
      /></label>
      <button type="submit">sign in</button>
    </form>
    <p class="muted">
      Changes (replaying dead letters, pausing sources, queue actions) need the token the console was started
      with (<code>CONSOLE_TOKEN</code>).
    </p>`;
}

/** A refused or failed request. */
export function problemBody(title: string, message: string, signIn: string | undefined): SafeHtml {
  return html`<h1>${title}</h1>
    <p class="problem" id="problem">${message}</p>
    ${signIn === undefined ? '' : html`<p><a href="/login?next=${encodeURIComponent(signIn)}">sign in</a></p>`}`;
}
