/**
 * C0 and C1 control characters but tab and newline. Stored titles, authors and entity names come from web pages,
 * feed items from any feed, dead letters from any producer: an ESC in one (`\x1b]0;…\x07`, `\x1b[2J`) printed as
 * it is would drive the operator's terminal (retitle it, clear it, hide or fake lines); a CR overwrites a line.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` made safe to print on a terminal: every control character but tab and newline becomes U+FFFD (shown,
 * not obeyed). For what a text-mode command prints; JSON output escapes control characters itself.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}
