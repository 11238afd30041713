import Hummingbird

/// The one stylesheet and the one script, served from the desk itself (the CSP allows only 'self').
enum Assets {
    static func addRoutes(to router: Router<WebContext>) {
        router.get("/static/app.css") { _, _ in asset(css, type: "text/css; charset=utf-8") }
        router.get("/static/app.js") { _, _ in asset(script, type: "text/javascript; charset=utf-8") }
    }

    private static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "private, max-age=300"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = """
        :root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
        body { margin: 0; }
        header { display: flex; justify-content: space-between; align-items: center; padding: .4rem 1rem; border-bottom: 2px solid #333; }
        header nav a { margin-right: 1rem; text-decoration: none; }
        header nav a[aria-current] { font-weight: bold; text-decoration: underline; }
        main { padding: 1rem; }
        main.narrow { max-width: 28rem; margin: 2rem auto; }
        .stack label { display: block; margin: .6rem 0; }
        .stack input, .stack select { display: block; width: 100%; padding: .3rem; box-sizing: border-box; }
        .error { border: 2px solid #a00; padding: .5rem; font-weight: bold; }
        .error::before { content: "⚠ "; }
        .notice { border: 2px dashed #333; padding: .5rem; }
        form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .4rem .8rem; margin-bottom: .8rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
        form.filters select, form.filters input { font-size: .85rem; max-width: 100%; }
        form.filters .actions { grid-column: 1 / -1; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: .85rem; }
        th, td { border: 1px solid #999; padding: .2rem .4rem; text-align: left; vertical-align: top; }
        th { background: #eee; }
        td.num, th.num { text-align: right; }
        .pager a { margin-right: 1rem; }
        .chart { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin-bottom: 2rem; }
        .chart svg { max-width: 100%; height: auto; border: 1px solid #ccc; }
        .chart svg text { font: 12px system-ui, sans-serif; fill: #111; }
        .chart svg .bar { fill: #555; stroke: #000; }
        .chart svg .bar.alt { fill: url(#hatch); }
        .chart svg .axis { stroke: #000; }
        progress { width: 20rem; }
        code.recovery { font-size: 1.2rem; border: 1px solid #333; padding: .3rem; }
        #live:empty { display: none; }
        #live { border: 1px solid #333; padding: .4rem; margin: .5rem 0; font-size: .85rem; }
        .checks li.passed::before { content: "✔ "; }
        .checks li.failed::before { content: "✘ "; }
        .pipeline { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .6rem; }
        .pipeline section { border: 1px solid #333; padding: .4rem; }
        .inline { display: inline; }
        """

    static let script = """
        "use strict";
        const csrf = () => document.querySelector('meta[name=csrf]').content;

        // Resumes: each chosen file goes up on its own request, with its own progress bar.
        function uploadResumes(form) {
          const input = form.querySelector('input[type=file]');
          const list = document.getElementById('upload-progress');
          const files = Array.from(input.files);
          if (files.length === 0) return;
          list.textContent = '';
          const sends = files.map(file => new Promise(resolve => {
            const item = document.createElement('li');
            const bar = document.createElement('progress');
            bar.max = 100; bar.value = 0;
            const label = document.createElement('span');
            label.textContent = ' ' + file.name;
            item.append(bar, label);
            list.append(item);
            const request = new XMLHttpRequest();
            request.open('POST', '/resumes/upload?filename=' + encodeURIComponent(file.name));
            request.setRequestHeader('X-CSRF-Token', csrf());
            request.setRequestHeader('Content-Type', 'application/octet-stream');
            request.upload.onprogress = e => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
            request.onload = () => {
              bar.value = 100;
              label.textContent = ' ' + file.name + ': ' + request.responseText;
              item.className = request.status === 200 ? 'done' : 'failed';
              resolve();
            };
            request.onerror = () => { label.textContent = ' ' + file.name + ': failed'; item.className = 'failed'; resolve(); };
            request.send(file);
          }));
          Promise.all(sends).then(() => {
            const done = document.createElement('p');
            done.id = 'upload-done';
            done.innerHTML = '';
            const link = document.createElement('a');
            link.href = '/resumes'; link.textContent = 'Show the list';
            done.append('All uploads finished. ', link);
            list.after(done);
          });
        }

        // Board import: a chosen file goes up as the request's body; the answer is the page
        // that follows the import's run. With no file, the form asks for a remote as usual.
        function importBoard(form, e) {
          const file = form.querySelector('input[type=file]').files[0];
          if (!file) return;
          e.preventDefault();
          const request = new XMLHttpRequest();
          request.open('POST', '/board/import/upload');
          request.setRequestHeader('X-CSRF-Token', csrf());
          request.setRequestHeader('Content-Type', 'application/octet-stream');
          request.onload = () => {
            if (request.status === 200) { window.location.assign(request.responseText); return; }
            const failed = document.createElement('p');
            failed.className = 'error';
            failed.id = 'import-error';
            failed.textContent = request.responseText;
            form.after(failed);
          };
          request.send(file);
        }

        // Live progress and events (server-sent events from the daemon's $/progress and events.event).
        function listen(panel) {
          const source = new EventSource(panel.dataset.source);
          const show = text => {
            const line = document.createElement('div');
            line.textContent = text;
            panel.prepend(line);
            while (panel.childNodes.length > 20) panel.lastChild.remove();
          };
          source.addEventListener('progress', e => {
            const p = JSON.parse(e.data);
            const bar = document.getElementById('run-progress');
            if (bar && p.total) { bar.max = p.total; bar.value = p.done || 0; }
            show('progress (' + p.via + '): ' + (p.stage || '') + ' ' + (p.message || '') + ' ' + (p.done ?? '') + (p.total ? '/' + p.total : ''));
          });
          source.addEventListener('event', e => {
            const event = JSON.parse(e.data);
            show(event.at + ' ' + event.topic + (event.data && event.data.runId ? ' ' + event.data.runId : ''));
          });
          source.addEventListener('done', e => {
            source.close();
            const target = JSON.parse(e.data).location;
            if (target) window.location.assign(target);
          });
          source.addEventListener('ended', e => {
            source.close();
            const ended = document.createElement('p');
            ended.id = 'run-ended';
            const link = document.createElement('a');
            link.href = JSON.parse(e.data).location;
            link.textContent = 'See the run';
            ended.append('Finished. ', link);
            panel.before(ended);
          });
        }

        document.addEventListener('DOMContentLoaded', () => {
          for (const form of document.querySelectorAll('form[data-upload]')) {
            form.addEventListener('submit', e => { e.preventDefault(); uploadResumes(form); });
          }
          for (const form of document.querySelectorAll('form[data-import]')) {
            form.addEventListener('submit', e => importBoard(form, e));
          }
          for (const panel of document.querySelectorAll('[data-source]')) listen(panel);
        });
        """
}
