/// The script served pages load: it listens for build messages, reloads the
/// page after a good build, and shows a failed build's problems in an
/// opaque panel over the page until the next good build: each problem with
/// its source line, a caret under the column, and a link that opens the
/// file there in an editor. Everything is built with DOM calls and
/// textContent: messages and source lines are the user's text, never HTML.
enum LiveReloadScript {
    static let source = #"""
    (function () {
      "use strict";
      var script = document.currentScript;
      var pageVersion = script && script.dataset.version !== undefined ? Number(script.dataset.version) : null;
      var overlay = null;
      function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
      function el(tag, css, text) {
        var node = document.createElement(tag);
        if (css) node.style.cssText = css;
        if (text !== undefined) node.textContent = text;
        return node;
      }
      function clearOverlay() {
        if (overlay) { overlay.remove(); overlay = null; }
        document.removeEventListener("keydown", onKey);
      }
      function onKey(event) { if (event.key === "Escape") clearOverlay(); }
      function place(d) {
        return d.path + (d.line === null || d.line === undefined ? "" : ":" + d.line + ":" + d.column);
      }
      function showErrors(message) {
        var report = message.report;
        clearOverlay();
        overlay = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#111;" +
          "color:#eee;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:0;margin:0;text-align:left");
        overlay.id = "attache-overlay";
        overlay.setAttribute("role", "alertdialog");
        overlay.setAttribute("aria-modal", "true");
        overlay.setAttribute("aria-labelledby", "attache-overlay-title");
        var panel = el("div", "max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem;box-sizing:border-box");
        var head = el("div", "display:flex;gap:1rem;align-items:flex-start;justify-content:space-between;flex-wrap:wrap");
        var title = el("h2", "color:#ff8a80;font-size:18px;line-height:1.3;margin:0;font-family:inherit",
          "Build failed: " + plural(report.errors, "error") + ", " + plural(report.warnings, "warning"));
        title.id = "attache-overlay-title";
        var close = el("button", "font:inherit;color:#eee;background:#333;border:1px solid #666;border-radius:4px;" +
          "padding:.2rem .7rem;cursor:pointer", "Hide (Esc)");
        close.type = "button";
        close.addEventListener("click", clearOverlay);
        head.appendChild(title);
        head.appendChild(close);
        panel.appendChild(head);
        panel.appendChild(el("p", "color:#bbb;margin:.5rem 0 1.25rem",
          message.first ? "The site has not built yet. This page reloads once the problems are fixed."
                        : "The page underneath is the last good build. It reloads once the problems are fixed."));
        var list = el("ol", "list-style:none;padding:0;margin:0");
        list.className = "attache-problems";
        report.diagnostics.forEach(function (d) {
          var item = el("li", "margin:0 0 1rem;padding:.75rem;background:#1c1c1c;border-left:4px solid " +
            (d.severity === "error" ? "#ff5252" : "#ffd740") + ";border-radius:2px");
          item.className = "attache-problem " + d.severity;
          var where = d.editor ? el("a", "color:#8ab4f8;text-decoration:underline;word-break:break-all", place(d))
                               : el("span", "color:#ccc;word-break:break-all", place(d));
          if (d.editor) { where.href = d.editor; where.title = "Open in the editor"; }
          var line = el("div", "");
          line.appendChild(where);
          item.appendChild(line);
          var text = el("div", "margin:.25rem 0 0;white-space:pre-wrap;word-break:break-word");
          text.appendChild(el("strong", "color:" + (d.severity === "error" ? "#ff8a80" : "#ffd740"), d.severity + ": "));
          text.appendChild(document.createTextNode(d.message));
          item.appendChild(text);
          if (typeof d.source === "string") {
            var code = el("pre", "margin:.5rem 0 0;padding:.5rem;background:#000;color:#ddd;overflow-x:auto;" +
              "font:inherit;line-height:1.4;white-space:pre;border-radius:2px");
            code.className = "attache-source";
            code.appendChild(el("span", "color:#888", d.line + " | "));
            code.appendChild(document.createTextNode(d.source + "\n"));
            var gutter = String(d.line).replace(/./g, " ") + " | ";
            code.appendChild(el("span", "color:#888", gutter));
            var caret = el("span", "color:#ff5252;font-weight:bold", " ".repeat(d.caret || 0) + "^");
            caret.className = "attache-caret";
            code.appendChild(caret);
            item.appendChild(code);
          }
          list.appendChild(item);
        });
        panel.appendChild(list);
        overlay.appendChild(panel);
        document.body.appendChild(overlay);
        document.addEventListener("keydown", onKey);
        close.focus();
      }
      function connect() {
        var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__attache/socket");
        socket.onmessage = function (event) {
          var message = JSON.parse(event.data);
          if (message.type === "reload") location.reload();
          else if (message.type === "hello") { if (pageVersion !== null && message.version !== pageVersion) location.reload(); }
          else if (message.type === "errors") showErrors(message);
        };
        socket.onclose = function () { setTimeout(connect, 1000); };
      }
      connect();
    })();
    """#
}
