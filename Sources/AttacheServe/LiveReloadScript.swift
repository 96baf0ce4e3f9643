import AttacheSite
import AttacheModel
/// The script served pages load: it listens for build messages, reloads the
/// page after a good build and shows the problems of a failed one over the
/// page until the next good build.
enum LiveReloadScript {
    static let source = #"""
    (function () {
      "use strict";
      var overlay = null;
      function clearOverlay() { if (overlay) { overlay.remove(); overlay = null; } }
      function showErrors(report) {
        clearOverlay();
        overlay = document.createElement("div");
        overlay.id = "attache-overlay";
        overlay.setAttribute("role", "alert");
        overlay.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;padding:2rem;" +
          "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace";
        var title = document.createElement("h2");
        title.textContent = "Build failed: " + report.errors + " error(s). The last good build is shown underneath.";
        title.style.cssText = "color:#ff8a80;font-size:18px;margin:0 0 1rem";
        overlay.appendChild(title);
        var list = document.createElement("ul");
        list.style.cssText = "list-style:none;padding:0;margin:0";
        report.diagnostics.forEach(function (d) {
          var item = document.createElement("li");
          item.textContent = d.path + ":" + d.line + ":" + d.column + ": " + d.severity + ": " + d.message;
          item.style.cssText = "margin:.4rem 0;color:" + (d.severity === "error" ? "#ffcdd2" : "#fff59d");
          list.appendChild(item);
        });
        overlay.appendChild(list);
        document.body.appendChild(overlay);
      }
      function connect() {
        var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__attache/socket");
        socket.onmessage = function (event) {
          var message = JSON.parse(event.data);
          if (message.type === "reload") location.reload();
          else if (message.type === "errors") showErrors(message.report);
        };
        socket.onclose = function () { setTimeout(connect, 1000); };
      }
      connect();
    })();
    """#
}
