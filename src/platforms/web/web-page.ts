/**
 * The chat page: one static document with a little plain JavaScript (no framework, no build).
 * The server renders every reply to HTML; the page only sends what is typed or pressed.
 */
export const CHAT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LicBot chat</title>
<style>
  :root { --bg: #f4f5f7; --me: #e8f0fe; --bot: #fff; --line: #dde1e6; --ink: #1d1c1d; --mute: #616061; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header { padding: 12px 20px; background: #3f0e40; color: #fff; display: flex; gap: 12px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  header span { opacity: .8; font-size: 13px; }
  main { max-width: 1360px; margin: 0 auto; padding: 16px 20px 120px; }
  .msg { background: var(--bot); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; overflow-x: auto; }
  .msg.me { background: var(--me); font-family: ui-monospace, Menlo, monospace; width: fit-content; }
  .msg .who { font-weight: 700; font-size: 13px; color: var(--mute); margin-bottom: 4px; }
  h3 { margin: 4px 0 8px; font-size: 16px; }
  table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
  th, td { border-bottom: 1px solid var(--line); padding: 4px 7px; text-align: left; white-space: nowrap; }
  th { background: #f8f8f8; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.marked td { background: #f1fbf3; }
  figure { margin: 8px 0; }
  figcaption { font-weight: 600; margin-bottom: 2px; }
  figure.chart img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
  figure.chart figcaption { font-weight: 400; font-size: 13px; color: var(--mute); margin-top: 4px; }
  .table-note, .note { color: var(--mute); font-size: 13px; margin: 4px 0; }
  .note.warning { color: #8a5a00; }
  .mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
  .buttons { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
  button { font: inherit; padding: 5px 12px; border-radius: 4px; border: 1px solid #bbb; background: #fff; cursor: pointer; }
  button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
  button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
  button:disabled { opacity: .5; cursor: default; }
  form { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; border-top: 1px solid var(--line); padding: 12px 20px; }
  form div { max-width: 1360px; margin: 0 auto; display: flex; gap: 8px; }
  #text { flex: 1; font: 15px ui-monospace, Menlo, monospace; padding: 9px 12px; border: 1px solid #bbb; border-radius: 6px; }
  .tries { max-width: 1360px; margin: 6px auto 0; font-size: 13px; color: var(--mute); }
  .tries a { color: #1264a3; margin-right: 10px; cursor: pointer; }
</style>
</head>
<body>
<header><h1>LicBot</h1><span>chat page of the local demo: you are an admin of the account "default"</span></header>
<main id="log" aria-live="polite"></main>
<form id="chat" autocomplete="off">
  <div><input id="text" name="text" placeholder="Type a command, e.g. /licstats" aria-label="command" autofocus>
  <button class="primary" type="submit">Send</button></div>
  <p class="tries">Try: <a data-try="/licstats">/licstats</a><a data-try="/licstats flags">/licstats flags</a><a data-try="/licstats usage AGi32">/licstats usage AGi32</a><a data-try="/sessions">/sessions</a><a data-try="/sessions condensed">/sessions condensed</a><a data-try="/licstats reset all">/licstats reset all</a><a data-try="/licstats help">/licstats help</a></p>
</form>
<script>
  const log = document.getElementById('log');
  const input = document.getElementById('text');
  function add(html, who, mine) {
    const div = document.createElement('div');
    div.className = mine ? 'msg me' : 'msg bot';
    if (mine) div.textContent = html; else div.innerHTML = '<div class="who">LicBot</div><div class="body">' + html + '</div>';
    log.appendChild(div);
    div.scrollIntoView({ block: 'end' });
    return div;
  }
  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) return { html: 'LicBot did not answer (HTTP ' + res.status + ').' };
    return res.json();
  }
  async function send(text) {
    add(text, 'you', true);
    const reply = await post('/chat/command', { text });
    add(reply.html);
  }
  document.getElementById('chat').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });
  document.querySelectorAll('[data-try]').forEach((a) => a.addEventListener('click', () => send(a.dataset.try)));
  log.addEventListener('click', async (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) return;
    const msg = b.closest('.msg');
    msg.querySelectorAll('button').forEach((x) => (x.disabled = true));
    const reply = await post('/chat/button', { actionId: b.dataset.action, value: b.dataset.value });
    if (reply.replaceOriginal) msg.querySelector('.body').innerHTML = reply.html;
    else { msg.querySelectorAll('button').forEach((x) => (x.disabled = false)); add(reply.html); }
  });
</script>
</body>
</html>
`;
