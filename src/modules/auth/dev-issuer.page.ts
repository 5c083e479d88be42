import { STAFF_ROLES } from '../../common/access/permissions';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** No script, no inline style, forms only to this origin and the console's. */
export function pageCsp(formTargets: string[]): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/dev-oidc/sign-in.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface SignInForm {
  requestId: string;
  csrf: string;
  clientId: string;
  tenant?: string;
  role?: string;
  subject?: string;
  error?: string;
}

/** The development issuer's sign-in page: pick a tenant, a role and a user name. */
export function signInPage(f: SignInForm): string {
  const roles = STAFF_ROLES.map(
    (r) => `<option value="${r}"${r === (f.role ?? 'qa') ? ' selected' : ''}>${r}</option>`,
  ).join('');
  return page(
    'Sign in — development issuer',
    `<h1>Sign in to the recording vault</h1>
<p class="note">Development identity provider: pick who to be. A real deployment sends you to your company's sign-in instead.</p>
<p>Client: <code>${escape(f.clientId)}</code></p>
${f.error ? `<p role="alert" class="error">${escape(f.error)}</p>` : ''}
<form method="post" action="/dev-oidc/authorize">
<input type="hidden" name="request" value="${escape(f.requestId)}">
<input type="hidden" name="csrf" value="${escape(f.csrf)}">
<p><label for="tenant">Tenant</label><br><input id="tenant" name="tenant" required autocomplete="organization" value="${escape(f.tenant ?? '')}"></p>
<p><label for="role">Role</label><br><select id="role" name="role">${roles}</select></p>
<p><label for="subject">User name</label><br><input id="subject" name="subject" required autocomplete="username" maxlength="100" value="${escape(f.subject ?? '')}"></p>
<p><button type="submit" name="action" value="sign-in">Sign in</button> <button type="submit" name="action" value="cancel" class="secondary">Cancel</button></p>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escape(title)}</h1>\n<p>${escape(message)}</p>`);
}

export const SIGN_IN_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:28rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #c9ced6;border-radius:8px}
h1{font-size:1.4rem;margin-top:0}input,select{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.5rem 1rem;background:#1f4fbf;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#1f4fbf;border:1px solid #1f4fbf}.note{color:#4a5360}.error{color:#a4161a;font-weight:600}
@media (prefers-color-scheme:dark){body{background:#111418;color:#e6e9ee}main{background:#1b1f24;border-color:#3a414b}
.note{color:#aab2bd}.error{color:#ff8a8f}button.secondary{background:#1b1f24;color:#9dbbff;border-color:#9dbbff}button{background:#3d6fe0}}`;
